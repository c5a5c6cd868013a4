import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import { KafkaTransport, type EventTransport } from '@leadline/messaging';
import { SCHEDULING_SCHEMA } from '@leadline/scheduling';
import { EVENT_TRANSPORT, SQL_DATABASE } from '../platform.tokens';
import { TimerRunner } from '../timers/timer-runner';
import { PlatformMetrics } from './platform-metrics';

/**
 * Dead-lettered records per consumer group (the process's consumers' own counts) and the durable
 * timers: how many are due and not fired yet, and how late the oldest of them is. Timers are
 * reported by processes that run them (routing, appointments, customer success, the embedded platform).
 */
@Injectable()
export class OperationsMetrics {
  constructor(
    metrics: PlatformMetrics,
    @Inject(EVENT_TRANSPORT) transport: EventTransport,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    timers: TimerRunner,
  ) {
    const { meter } = metrics;
    meter
      .createObservableCounter('leadline_dead_lettered_messages_total', {
        description: 'Records this process sent to a consumer group dead-letter topic since it started',
      })
      .addCallback((result) => {
        const consumers = transport instanceof KafkaTransport ? transport.consumerList() : [];
        for (const consumer of consumers) result.observe(consumer.stats.deadLettered, { group: consumer.groupId });
      });
    const due = meter.createObservableGauge('leadline_timers_due', {
      description: 'Durable timers whose time has come and that have not fired yet',
    });
    const overdue = meter.createObservableGauge('leadline_timers_overdue_seconds', {
      description: 'How long past its due time the oldest unfired due timer is (0 when none)',
      unit: 's',
    });
    meter.addBatchObservableCallback(
      async (result) => {
        const clock = timers.clock;
        if (!clock) return;
        const now = clock.now();
        const { rows } = await db
          .query<{ due: string; oldest: Date | string | null }>(
            `select count(*)::text as due, min(due_at) as oldest from ${SCHEDULING_SCHEMA}.timers
             where status = 'pending' and due_at <= $1`,
            [now.toISOString()],
          )
          // The database away: this scrape goes without them (readiness reports the database).
          .catch(() => ({ rows: [] }));
        if (!rows[0]) return;
        const oldest = rows[0].oldest === null ? now.getTime() : new Date(rows[0].oldest).getTime();
        result.observe(due, Number(rows[0].due));
        result.observe(overdue, Math.max(0, (now.getTime() - oldest) / 1000));
      },
      [due, overdue],
    );
  }
}
