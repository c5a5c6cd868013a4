import { Kafka, type KafkaConfig as KafkaJsConfig, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from './config';
import { kafkajsLevelFor, kafkajsLogCreator, processLogger } from './logging';

/** The connection part of a kafkajs client from the settings: TLS and SASL as configured (KAFKA_TLS*, KAFKA_SASL_*). */
export function kafkaConnectionOptions(kafka: KafkaConfig): Pick<KafkaJsConfig, 'ssl' | 'sasl'> {
  const ssl = kafka.tls && (kafka.tls.ca || kafka.tls.cert ? { ca: kafka.tls.ca, cert: kafka.tls.cert, key: kafka.tls.key } : true);
  const sasl: SASLOptions | undefined = kafka.sasl && {
    mechanism: kafka.sasl.mechanism,
    username: kafka.sasl.username,
    password: kafka.sasl.password,
  };
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/**
 * A kafkajs client for the configured brokers with their TLS and SASL settings, logging into the
 * process's logger at its level; `options` adds timeouts, retries, a log level of its own.
 */
export function createKafkaClient(kafka: KafkaConfig, options: Omit<KafkaJsConfig, 'brokers' | 'ssl' | 'sasl'> = {}): Kafka {
  return new Kafka({
    clientId: kafka.clientId,
    logLevel: kafkajsLevelFor(processLogger()),
    logCreator: kafkajsLogCreator(processLogger),
    ...options,
    brokers: [...kafka.brokers],
    ...kafkaConnectionOptions(kafka),
  });
}
