import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { logLevel, type Admin } from 'kafkajs';
import { createKafkaClient } from '../kafka-client';
import type { PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.tokens';

/** Readiness of the Kafka cluster: the admin client can describe it. */
@Injectable()
export class KafkaProbe implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  get configured(): boolean {
    return this.config.kafka !== undefined;
  }

  async check(): Promise<void> {
    const admin = this.connectedAdmin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('the cluster has no brokers');
    } catch (error) {
      // A fresh client next time: kafkajs does not always recover a failed admin connection.
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }

  private connectedAdmin(): Admin {
    const kafka = this.config.kafka;
    if (!kafka) throw new Error('Kafka is not configured');
    this.admin ??= createKafkaClient(kafka, {
      clientId: `${kafka.clientId}-readiness`,
      connectionTimeout: 1000,
      requestTimeout: 2000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    return this.admin;
  }
}
