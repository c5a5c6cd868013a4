import {
  captureAppendContext,
  deriveEventId,
  type NewStreamAppend,
  type PostgresEventStore,
  type RecordedEvent,
} from '@leadline/event-store';
import { waitFor } from '@leadline/testing';
import { waitForLogHorizon } from '@leadline/event-store/testing';
import type { EventSubscription } from '../src/event-transport.port';
import { TransportLine } from './transport-line';

interface Seen {
  event_id: string;
  type: string;
  stream_id: string;
  stream_version: number;
  lead_id: string;
  data: unknown;
}

const LEADS = ['lead-1', 'lead-2', 'lead-3', 'lead-4'];
const id = (lead: string, step: number) => deriveEventId('transport-spec', `${lead}/${step}`);

/** The same handler for both transports: records what it saw and reacts in the store, in ctx.tx. */
const scoring: EventSubscription = {
  name: 'scoring',
  categories: ['lead'],
  eventTypes: ['LeadCaptured', 'LeadQualified'],
  async handle(event, { tx, store }) {
    await tx.query('insert into seen (event_id, type, stream_id, stream_version, lead_id, data) values ($1, $2, $3, $4, $5, $6)', [
      event.id,
      event.type,
      event.streamId,
      event.streamVersion,
      event.metadata.leadId,
      JSON.stringify(event.data),
    ]);
    await store.appendToStream(`score-${event.streamId}`, [
      {
        id: deriveEventId(event.id, 'scored'),
        type: 'LeadScored',
        data: { after: event.type },
        metadata: { leadId: event.metadata.leadId, causationId: event.id },
      },
    ]);
  },
};

/** A batch handler of the same events: decides each in its own delivery, appends all outcomes in one statement. */
const batchCalls: number[] = [];
const scoringInBatches: EventSubscription = {
  name: 'scoring-batch',
  categories: ['lead'],
  eventTypes: ['LeadCaptured', 'LeadQualified'],
  handle: (event, ctx) => scoringInBatches.handleBatch!([event], { ...ctx, each: (_event, work) => work() }),
  async handleBatch(events, { tx, store, each }) {
    batchCalls.push(events.length);
    await tx.query('insert into seen_batch (event_id) select unnest($1::text[])', [events.map((event) => event.id)]);
    const outcome = (event: RecordedEvent): NewStreamAppend => ({
      streamId: `batchscore-${event.id}`,
      events: [
        {
          id: deriveEventId(event.id, 'batch-scored'),
          type: 'LeadScored',
          data: { after: event.type },
          metadata: { causationId: event.id },
        },
      ],
      context: captureAppendContext(),
    });
    const appends: NewStreamAppend[] = [];
    for (const event of events) appends.push(await each(event, async () => outcome(event)));
    const written = await store.appendToStreamsIfNew!(appends);
    // A redelivered event's stream exists: appended the usual way, its stored id makes it a no-op.
    for (const [i, result] of written.entries()) if (!result) await store.appendToStream(appends[i].streamId, appends[i].events);
  },
};

async function appendJourneys(store: PostgresEventStore): Promise<void> {
  for (const [step, type] of ['LeadCaptured', 'LeadNoted', 'LeadQualified'].entries()) {
    for (const lead of LEADS) {
      await store.appendToStream(lead, [{ id: id(lead, step), type, data: { step }, metadata: { leadId: lead } }]);
    }
  }
  await store.appendToStream('assignment-lead-1', [{ type: 'LeadAssigned', data: {}, metadata: { leadId: 'lead-1' } }]);
}

const results = new Map<string, Seen[]>();
const lines: TransportLine[] = [];

afterAll(async () => {
  for (const line of lines) await line.close();
});

describe.each(['store-log', 'kafka'] as const)('event transport %s', (kind) => {
  it('delivers the subscribed event types of its categories to the handler, once each, in per-lead order', async () => {
    // Embedded: one database. Distributed: the source service's store, a relay, and the subscriber's own database.
    const line = await TransportLine.open(kind, `transport-${kind}`, {
      categories: ['lead', 'assignment'],
      partitions: 3,
      prepare: (db) =>
        db.query(
          `create table if not exists seen (event_id text primary key, type text, stream_id text, stream_version int, lead_id text, data jsonb, seq bigserial);
           create table if not exists seen_batch (event_id text primary key)`,
        ),
    });
    lines.push(line);
    const { source, subscriber } = line;
    await line.subscribe(scoring);
    await line.subscribe(scoringInBatches);
    batchCalls.length = 0;

    await appendJourneys(source.store);
    const expected = LEADS.length * 2;
    await waitFor(async () => (await subscriber.db.query('select 1 from seen')).rowCount === expected, {
      timeoutMs: 60_000,
      message: `${expected} handled events (${kind})`,
    });

    const { rows } = await subscriber.db.query<Seen>(
      'select event_id, type, stream_id, stream_version, lead_id, data from seen order by seq',
    );
    expect(rows).toHaveLength(expected);
    for (const lead of LEADS) {
      expect(rows.filter((r) => r.lead_id === lead).map((r) => [r.type, r.stream_version])).toEqual([
        ['LeadCaptured', 1],
        ['LeadQualified', 3],
      ]);
    }
    await waitForLogHorizon(subscriber.db);
    const reactions = await subscriber.store.readAll({ categories: ['score'] });
    expect(reactions).toHaveLength(expected);
    // Both ways, what a reaction appends names the reaction and the event it reacted to.
    for (const reaction of reactions) {
      expect(reaction.metadata.actor).toEqual({
        kind: 'system',
        id: 'reaction:scoring',
        roles: [],
        cause: { eventId: reaction.metadata.causationId, type: (reaction.data as { after: string }).after },
      });
    }
    // The batch subscription: each event once, in fewer calls than events when a delivery held several, and each
    // outcome of a batch's one append names its own cause.
    await waitFor(async () => (await subscriber.db.query('select 1 from seen_batch')).rowCount === expected, {
      timeoutMs: 60_000,
      message: `${expected} events handled in batches (${kind})`,
    });
    expect(batchCalls.reduce((a, b) => a + b, 0)).toBe(expected);
    await waitForLogHorizon(subscriber.db);
    const batchReactions = await subscriber.store.readAll({ categories: ['batchscore'] });
    expect(batchReactions).toHaveLength(expected);
    for (const reaction of batchReactions) {
      expect(reaction.streamId).toBe(`batchscore-${String(reaction.metadata.causationId)}`);
      expect(reaction.metadata.actor).toEqual({
        kind: 'system',
        id: 'reaction:scoring-batch',
        roles: [],
        cause: { eventId: reaction.metadata.causationId, type: (reaction.data as { after: string }).after },
      });
    }
    results.set(
      kind,
      [...rows].sort((a, b) => a.event_id.localeCompare(b.event_id)),
    );
  });
});

describe('both transports', () => {
  it('hand the same events, in the same shape, to the same handler', () => {
    expect(results.get('store-log')).toBeDefined();
    expect(results.get('kafka')).toEqual(results.get('store-log'));
  });
});
