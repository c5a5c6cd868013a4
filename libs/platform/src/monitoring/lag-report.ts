import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { logLevel, type Admin } from 'kafkajs';
import { Processor, processorLag, type SqlDatabase } from '@leadline/event-store';
import { consumerGroupLag, KafkaTransport, type EventTransport, type KafkaEventConsumer, type PartitionLag } from '@leadline/messaging';
import type { PlatformConfig } from '../config';
import { createKafkaClient } from '../kafka-client';
import { EVENT_TRANSPORT, PLATFORM_CONFIG, SQL_DATABASE } from '../platform.tokens';

export interface Position {
  readonly transactionId: string;
  readonly position: string;
}

export interface ProcessorLagStatus {
  /** The processor id: a checkpoint row of event_store.checkpoints. */
  readonly name: string;
  /** Holds the processor's lock in this process (false: another instance works it, this one stands by). */
  readonly active: boolean;
  readonly checkpoint: Position;
  /** The newest event of its categories and types; null while there is none. */
  readonly head: Position | null;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  readonly lastError?: string;
}

export interface PartitionStatus extends Omit<PartitionLag, 'events'> {
  readonly lagEvents: number;
}

export interface ConsumerGroupStatus {
  readonly groupId: string;
  /** This process's consumer is a member of the group. */
  readonly member: boolean;
  readonly partitions: readonly PartitionStatus[];
  /** Records the group has yet to read, all partitions. */
  readonly lagEvents: number;
  /** The largest partition's: how long its oldest unread record has waited (see docs/operations.md "Status"). */
  readonly lagSeconds: number;
  /** Records this process's consumer sent to the group's dead-letter topic since it started. */
  readonly deadLettered: number;
  /** Why the figures are missing (Kafka did not answer); the lag fields are then 0. */
  readonly error?: string;
}

export interface LagStatus {
  readonly processors: readonly ProcessorLagStatus[];
  readonly consumerGroups: readonly ConsumerGroupStatus[];
}

/** A report this recent serves a scrape and a /status call alike. */
const FRESH_MS = 1_000;

/**
 * The lag of every processor started in this process (the store's checkpoints against the global
 * log: reactions, store-log subscriptions, the Kafka relay, projections) and of every Kafka consumer
 * group it has a member in (committed offsets against the partitions' ends). One source for
 * `GET /status` and the lag gauges.
 */
@Injectable()
export class LagReport implements OnApplicationShutdown {
  private admin?: Admin;
  private latest?: { at: number; report: Promise<LagStatus> };
  /** Per group partition: the committed offset last seen behind its end and since when (a member holding no record). */
  private readonly stalled = new Map<string, { offset: string | null; since: number }>();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  current(): Promise<LagStatus> {
    const now = Date.now();
    if (!this.latest || now - this.latest.at >= FRESH_MS) {
      const report = this.build();
      this.latest = { at: now, report };
      report.catch(() => (this.latest = undefined));
    }
    return this.latest.report;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async build(): Promise<LagStatus> {
    const processors: ProcessorLagStatus[] = [];
    for (const processor of Processor.startedOn(this.db)) {
      const lag = await processorLag(this.db, processor.id, processor.filter);
      const { active, lastError } = processor.status();
      processors.push({
        name: processor.id,
        active,
        checkpoint: position(lag.checkpoint),
        head: lag.head && position(lag.head),
        lagEvents: lag.events,
        lagSeconds: lag.seconds,
        ...(lastError ? { lastError } : {}),
      });
    }
    const consumers = this.transport instanceof KafkaTransport ? this.transport.consumerList() : [];
    const consumerGroups: ConsumerGroupStatus[] = [];
    for (const consumer of consumers) consumerGroups.push(await this.groupStatus(consumer));
    return { processors: processors.sort((a, b) => a.name.localeCompare(b.name)), consumerGroups };
  }

  private async groupStatus(consumer: KafkaEventConsumer): Promise<ConsumerGroupStatus> {
    const base = { groupId: consumer.groupId, member: consumer.isMember, deadLettered: consumer.stats.deadLettered };
    let lags: PartitionLag[];
    try {
      lags = await consumerGroupLag(await this.connectedAdmin(), consumer.groupId, consumer.topics);
    } catch (error) {
      await this.dropAdmin();
      return { ...base, partitions: [], lagEvents: 0, lagSeconds: 0, error: error instanceof Error ? error.message : String(error) };
    }
    const now = Date.now();
    const partitions = lags.map(({ events, ...partition }) => ({ ...partition, lagEvents: events }));
    const seconds = lags.map((lag) => this.partitionSeconds(consumer, lag, now));
    return {
      ...base,
      partitions,
      lagEvents: lags.reduce((sum, lag) => sum + lag.events, 0),
      lagSeconds: Math.max(0, ...seconds),
    };
  }

  /**
   * The age of the oldest record the group has yet to handle: exact while this process's member holds
   * it (fetched, not yet handled); otherwise how long the committed offset has stood still behind the
   * end as seen from here, a lower bound.
   */
  private partitionSeconds(consumer: KafkaEventConsumer, lag: PartitionLag, now: number): number {
    const key = `${consumer.groupId}/${lag.topic}/${lag.partition}`;
    if (lag.events === 0) {
      this.stalled.delete(key);
      return 0;
    }
    const inHand = consumer.oldestInHand(lag.topic, lag.partition);
    if (inHand !== undefined && Number.isFinite(inHand)) return Math.max(0, (now - inHand) / 1000);
    const seen = this.stalled.get(key);
    if (!seen || seen.offset !== lag.committedOffset) {
      this.stalled.set(key, { offset: lag.committedOffset, since: now });
      return 0;
    }
    return (now - seen.since) / 1000;
  }

  private async connectedAdmin(): Promise<Admin> {
    const kafka = this.config.kafka;
    if (!kafka) throw new Error('Kafka is not configured');
    if (!this.admin) {
      const admin = createKafkaClient(kafka, {
        clientId: `${kafka.clientId}-lag`,
        connectionTimeout: 1000,
        requestTimeout: 3000,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

function position(checkpoint: { transactionId: bigint; position: bigint }): Position {
  return { transactionId: checkpoint.transactionId.toString(), position: checkpoint.position.toString() };
}
