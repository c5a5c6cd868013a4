import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import { KafkaTransport, type EventTransport } from '@leadline/messaging';
import { Drain } from '../lifecycle/drain';
import { EVENT_TRANSPORT, SERVICE_DESCRIPTORS, SQL_DATABASE } from '../platform.tokens';
import type { ServiceDescriptor } from '../service-descriptor';
import { describeMismatches, KafkaTopicsReport } from './kafka-topics.report';
import { KafkaProbe } from './kafka.probe';

const CHECK_TIMEOUT_MS = 3000;

export interface DependencyCheck {
  readonly status: 'up' | 'down';
  readonly error?: string;
  /** False for a check reported but not waited for (Kafka, for lead-intake). */
  readonly required?: false;
}

export interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly checks: Readonly<Record<string, DependencyCheck>>;
}

/**
 * Readiness per role: always the database; with Kafka, also the cluster and every consumer of the
 * process in its group (`consumers`), unless one of its services is ready on its database alone
 * (ServiceDescriptor.readiness: lead-intake), in which case both are reported but not required.
 * A process that is shutting down is not ready, whatever its dependencies say.
 */
@Injectable()
export class ReadinessService {
  private readonly kafkaRequired: boolean;
  private readyOnce = false;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly kafka: KafkaProbe,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(SERVICE_DESCRIPTORS) services: readonly ServiceDescriptor[],
    private readonly drain: Drain,
    private readonly topics: KafkaTopicsReport,
  ) {
    this.kafkaRequired = !services.some((service) => service.readiness === 'database');
  }

  async check(): Promise<Readiness> {
    if (this.drain.isShuttingDown)
      return { status: 'unavailable', checks: { shutdown: { status: 'down', error: 'the process is shutting down' } } };
    const probes: Record<string, () => Promise<unknown>> = { database: () => this.db.query('select 1') };
    const transport = this.transport;
    if (this.kafka.configured) probes['kafka'] = () => this.kafka.check();
    if (transport instanceof KafkaTransport) {
      probes['consumers'] = async () => {
        // Not started: the subscriptions may not even be registered yet (the server listens before the reactions start).
        if (!transport.started) throw new Error('the consumers have not started yet');
        const waiting = transport.notJoined();
        if (waiting.length > 0) throw new Error(`not in their consumer groups yet: ${waiting.join(', ')}`);
      };
    }

    const names = Object.keys(probes);
    const results = await Promise.all(names.map((name) => runCheck(probes[name])));
    const optional = (name: string) => name !== 'database' && !this.kafkaRequired;
    const checks = Object.fromEntries(
      names.map((name, i) => [name, optional(name) ? { ...results[i], required: false as const } : results[i]]),
    );
    const topics = this.topicSettings();
    const topicsOk = Object.values(topics).every((check) => check.status === 'up' || check.required === false);
    const ready = names.every((name, i) => optional(name) || results[i].status === 'up') && topicsOk;
    this.readyOnce ||= ready;
    return { status: ready ? 'ready' : 'unavailable', checks: { ...checks, ...topics } };
  }

  /**
   * True until a check has passed for the first time: the process is starting (its dependencies connecting, its
   * consumers joining their groups), and not being ready is what an orchestrator expects of it until then.
   */
  get starting(): boolean {
    return !this.readyOnce;
  }

  /** True once a shutdown has begun: readiness answers 503 because the process was asked to stop. */
  get stopping(): boolean {
    return this.drain.isShuttingDown;
  }

  /** Topics whose partitions, replication or configs differ from KAFKA_TOPIC_*: shown (warn), or not ready (refuse). */
  private topicSettings(): Record<string, DependencyCheck> {
    if (!this.kafka.configured) return {};
    const mismatches = this.topics.mismatches();
    if (mismatches.length === 0) return { 'kafka-topics': { status: 'up' } };
    const error = `settings differ: ${describeMismatches(mismatches)}`;
    // Refused topics hold the process back like Kafka itself does: not for a service ready on its database alone.
    const required = this.topics.refuses && this.kafkaRequired;
    return { 'kafka-topics': required ? { status: 'down', error } : { status: 'down', error, required: false } };
  }
}

async function runCheck(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
