import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * Idempotent producer: the broker drops retried duplicates of a send, one request in flight keeps
 * a partition's order across retries, and sends ask for acks from all in-sync replicas (-1).
 * The Java-compatible murmur2 partitioner puts a key on the same partition as other Kafka clients do.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** acks value for every send: all in-sync replicas. */
export const ACKS_ALL = -1;
