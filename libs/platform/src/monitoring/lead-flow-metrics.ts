import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Counter, Histogram } from '@opentelemetry/api';
import {
  concernsReader,
  EVENTS_CHANNEL,
  settledHead,
  type LogCheckpoint,
  type PostgresEventStore,
  type RecordedEvent,
} from '@leadline/event-store';
import { EVENT_STORE, SERVICE_DESCRIPTORS } from '../platform.tokens';
import { ownedCategoriesOf, type ServiceDescriptor } from '../service-descriptor';
import { PlatformMetrics } from './platform-metrics';

/** The lead's way through the line as counted here: the event types, and the categories they are written to. */
const COUNTED = { LeadCaptured: 'lead', LeadAssigned: 'assignment', FirstTouchSlaBreached: 'assignment' } as const;
/** Seconds: the first-touch SLA is 5 minutes; a lead waiting for an SDR's working hours takes hours. */
const CAPTURE_TO_ASSIGNMENT_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400];
/** At most one pass this often: under load the events of that while are read together. */
const POLL_MS = 2_000;
const PAGE = 500;

/**
 * Leads captured, assigned and past their first-touch SLA, and the time from capture to assignment,
 * counted from the store's log (committed events only, so a rolled-back or retried handler counts
 * nothing twice) by the process whose services write them, from the log's head at its start. It reads
 * the log only after an append to a counted category notified it (idle, it costs nothing), and again
 * while counted events wait behind an older open transaction.
 */
@Injectable()
export class LeadFlowMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Metrics');
  private readonly captured: Counter;
  private readonly assigned: Counter;
  private readonly breached: Counter;
  private readonly latency: Histogram;
  private readonly types: string[];
  private readonly categories: string[];
  private cursor?: LogCheckpoint;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pass: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastPassAt = 0;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    metrics: PlatformMetrics,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(SERVICE_DESCRIPTORS) services: readonly ServiceDescriptor[],
  ) {
    const { meter } = metrics;
    this.captured = meter.createCounter('leadline_leads_captured_total', { description: 'Leads captured (LeadCaptured), by source' });
    this.assigned = meter.createCounter('leadline_leads_assigned_total', {
      description: 'Leads assigned to an SDR (LeadAssigned), by team',
    });
    this.breached = meter.createCounter('leadline_leads_sla_breached_total', {
      description: 'Leads whose first-touch SLA passed without a touch (FirstTouchSlaBreached)',
    });
    this.latency = meter.createHistogram('leadline_lead_capture_to_assignment_seconds', {
      description: 'From a lead capture to its first assignment, as recorded in the store',
      unit: 's',
      advice: { explicitBucketBoundaries: CAPTURE_TO_ASSIGNMENT_BUCKETS },
    });
    const owned = new Set(ownedCategoriesOf(services));
    this.types = Object.entries(COUNTED)
      .filter(([, category]) => owned.has(category))
      .map(([type]) => type);
    this.categories = [...new Set(this.types.map((type) => COUNTED[type as keyof typeof COUNTED]))];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.types.length === 0) return;
    this.cursor = await settledHead(this.store.db);
    // An empty payload (the listener reconnected) means "look": appends may have gone unheard.
    const concernsUs = concernsReader({ categories: this.categories, eventTypes: this.types });
    this.unlisten = await this.store.db.listen(EVENTS_CHANNEL, (payload) => {
      if (concernsUs(payload)) this.schedule();
    });
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unlisten?.();
    await this.pass;
  }

  /** A pass as soon as POLL_MS has passed since the last one, unless one is already due. */
  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.pass = this.pass
          .then(async () => {
            this.timer = undefined;
            this.lastPassAt = Date.now();
            await this.catchUp();
            // Counted events held back above the horizon (pg): their commit may notify no category of ours.
            if (this.cursor && (await this.store.raw.hasEventsAfter(this.cursor, { categories: this.categories, eventTypes: this.types })))
              this.schedule();
          })
          .catch((error: unknown) => {
            this.log.warn(`Lead counters behind: ${error instanceof Error ? error.message : String(error)}`);
            this.schedule();
          });
      },
      Math.max(0, this.lastPassAt + POLL_MS - Date.now()),
    );
  }

  /** Counts what was committed since the last pass. */
  async catchUp(): Promise<void> {
    if (!this.cursor) return;
    for (;;) {
      // As stored: no decryption needed for a source, a team or a time.
      const page = await this.store.raw.readLog({
        after: this.cursor,
        categories: this.categories,
        eventTypes: this.types,
        maxCount: PAGE,
      });
      await this.count(page.events);
      this.cursor = page.checkpoint;
      if (page.events.length < PAGE) return;
    }
  }

  private async count(events: readonly RecordedEvent[]): Promise<void> {
    const assignedLeads: RecordedEvent[] = [];
    for (const event of events) {
      const data = (event.data ?? {}) as { source?: unknown; team?: unknown };
      if (event.type === 'LeadCaptured') this.captured.add(1, { source: String(data.source ?? 'unknown') });
      else if (event.type === 'FirstTouchSlaBreached') this.breached.add(1);
      else if (event.type === 'LeadAssigned') {
        this.assigned.add(1, { team: String(data.team ?? 'unknown') });
        assignedLeads.push(event);
      }
    }
    if (assignedLeads.length === 0) return;
    const captures = await captureTimes(
      this.store,
      assignedLeads.map(leadIdOf).filter((id): id is string => id !== undefined),
    );
    for (const event of assignedLeads) {
      const capturedAt = captures.get(leadIdOf(event) ?? '');
      if (capturedAt !== undefined) this.latency.record(Math.max(0, (event.recordedAt.getTime() - capturedAt) / 1000));
    }
  }
}

function leadIdOf(event: RecordedEvent): string | undefined {
  const leadId = (event.metadata as { leadId?: unknown }).leadId;
  return typeof leadId === 'string' ? leadId : undefined;
}

/** When each lead's capture was recorded (the lead index: one probe per lead). */
async function captureTimes(store: PostgresEventStore, leadIds: readonly string[]): Promise<Map<string, number>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await store.db.query<{ lead_id: string; recorded_at: Date | string }>(
    `select lead_id, min(recorded_at) as recorded_at from event_store.events
     where lead_id = any($1::text[]) and event_type = 'LeadCaptured' group by lead_id`,
    [[...new Set(leadIds)]],
  );
  return new Map(rows.map((row) => [row.lead_id, new Date(row.recorded_at).getTime()]));
}
