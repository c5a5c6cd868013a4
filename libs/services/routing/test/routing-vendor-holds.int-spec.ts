import { randomUUID } from 'node:crypto';
import type { LeadAssigned } from '@leadline/domain';
import type { EventStore, RecordedEvent, SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import type { StoreLogTransport } from '@leadline/messaging';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService } from '@leadline/service-routing';
import { waitFor } from '@leadline/testing';
import { ReleasedHoldsDrain } from '../src/vendor/released-holds.drain';
import { givenCapturedLead, givenScoredLead, scoreLead, vendorEvent } from './lead-events.fixture';

// Monday 2 March 2026, 10:00 in Berlin.
const START = '2026-03-02T09:00:00.000Z';

const sdr = (sdrId: string, team: 'inbound' | 'outbound') => ({
  sdrId,
  name: sdrId.toUpperCase(),
  email: `${sdrId}@sales.example`,
  managerEmail: 'boss@sales.example',
  team,
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
});

describe.each(['pg', 'pglite'] as const)('routing: list vendor leads wait for their release on %s', (driver) => {
  const clock = new VirtualClock(START);
  let store: EventStore;
  let db: SqlDatabase;
  let t: TestApp;

  const http = () => t.http();
  const at = () => clock.now().toISOString();
  const stream = (leadId: string) => store.readStream(`assignment-${leadId}`);
  const assignedTo = (leadId: string) =>
    waitFor(
      async () => {
        const assigned = (await stream(leadId)).find((e) => e.type === 'LeadAssigned') as
          RecordedEvent<string, LeadAssigned['data']> | undefined;
        return assigned?.data.sdrId;
      },
      { message: `LeadAssigned on ${leadId}` },
    );
  const transport = () => t.app.get(EVENT_TRANSPORT) as StoreLogTransport;
  /** Both subscriptions that can assign a vendor lead have handled everything appended so far. */
  const idle = async () => {
    await transport().processor('routing-assign-scored-leads')?.waitForIdle();
    await transport().processor('routing-vendor-holds')?.waitForIdle();
  };
  const vendorLead = (vendorId: string, listId: string, leadId?: string) =>
    givenCapturedLead(store, {
      source: 'purchased-list',
      inbound: false,
      segment: 'smb',
      territory: 'dach',
      capturedAt: at(),
      vendorId,
      listId,
      leadId,
    });
  const hold = async (leadId: string) =>
    (
      await db.query<{ status: string; vendor_id: string; list_id: string | null }>(
        'select status, vendor_id, list_id from routing.vendor_holds where lead_id = $1',
        [leadId],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startTestApp(
      [createRoutingService({ clock, env: { ROUTING_TIMER_POLL_MS: '25', ROUTING_UNROUTED_RETRY_MS: '50', ROUTING_RELEASE_CHUNK: '2' } })],
      driver,
      'routing-vendor',
    );
    ({ store, db } = t);
    for (const body of [sdr('ada', 'inbound'), sdr('cy', 'outbound')]) await http().post('/sdrs').send(body).expect(201);
  });

  afterAll(() => t?.close());

  it('a vendor lead scored before its release waits, says why, and is assigned on the release; a lead released before scoring is assigned on scoring', async () => {
    const early = await vendorLead('acme-lists', 'march');
    const late = await vendorLead('acme-lists', 'march');
    await scoreLead(store, early, 'B', at());
    await idle();
    expect(await stream(early)).toHaveLength(0);
    const explained = await http().get(`/leads/${early}/assignment-explanation`).expect(200);
    expect(explained.body).toMatchObject({
      currentSdrId: null,
      steps: [],
      waiting: { reason: 'vendor-hold', vendorId: 'acme-lists', listId: 'march' },
    });
    expect(explained.body.waiting.explanation).toMatch(/wait until appointments releases them/);

    await vendorEvent(store, {
      type: 'VendorListReceived',
      data: { vendorId: 'acme-lists', listId: 'march', leadIds: [early, late], sampleLeadIds: [early, late], at: at() },
    });
    await vendorEvent(store, { type: 'VendorLeadsReleased', data: { vendorId: 'acme-lists', leadIds: [early, late], at: at() } });
    expect(await assignedTo(early)).toBe('cy');
    expect(await hold(early)).toMatchObject({ status: 'released', vendor_id: 'acme-lists', list_id: 'march' });
    expect((await http().get(`/leads/${early}/assignment-explanation`).expect(200)).body).toMatchObject({
      currentSdrId: 'cy',
      waiting: null,
    });

    // Released but not scored yet: nothing to assign until scoring.
    await idle();
    expect(await stream(late)).toHaveLength(0);
    expect(await hold(late)).toMatchObject({ status: 'released' });
    await scoreLead(store, late, 'A', at());
    expect(await assignedTo(late)).toBe('cy');
    // A redelivered release moves nobody: one LeadAssigned each.
    await vendorEvent(store, { type: 'VendorLeadsReleased', data: { vendorId: 'acme-lists', leadIds: [early, late], at: at() } });
    await idle();
    for (const leadId of [early, late]) expect((await stream(leadId)).filter((e) => e.type === 'LeadAssigned')).toHaveLength(1);
  });

  it('the held rest of a list stays unassigned until the decision; archived leads are never assigned', async () => {
    const sample = await vendorLead('cheap-leads', 'q1');
    const rest = [await vendorLead('cheap-leads', 'q1'), await vendorLead('cheap-leads', 'q1')];
    await vendorEvent(store, {
      type: 'VendorListReceived',
      data: { vendorId: 'cheap-leads', listId: 'q1', leadIds: [sample, ...rest], sampleLeadIds: [sample], at: at() },
    });
    await vendorEvent(store, { type: 'VendorLeadsReleased', data: { vendorId: 'cheap-leads', leadIds: [sample], at: at() } });
    for (const leadId of [sample, ...rest]) await scoreLead(store, leadId, 'A', at());
    expect(await assignedTo(sample)).toBe('cy');
    await idle();
    for (const leadId of rest) {
      expect(await stream(leadId)).toHaveLength(0);
      expect((await http().get(`/leads/${leadId}/assignment-explanation`).expect(200)).body.waiting).toMatchObject({
        reason: 'vendor-hold',
        listId: 'q1',
      });
    }

    await vendorEvent(store, { type: 'VendorLeadsArchived', data: { vendorId: 'cheap-leads', leadIds: rest, at: at() } });
    await idle();
    // A re-score after the archive assigns nothing either.
    await scoreLead(store, rest[0], 'A', at());
    await idle();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the unrouted sweep has had its chances too
    for (const leadId of rest) {
      expect(await stream(leadId)).toHaveLength(0);
      expect(await hold(leadId)).toMatchObject({ status: 'archived' });
      const body = (await http().get(`/leads/${leadId}/assignment-explanation`).expect(200)).body;
      expect(body).toMatchObject({ currentSdrId: null, waiting: { reason: 'vendor-archived', vendorId: 'cheap-leads' } });
    }
  });

  it('a lead listed before it was captured waits too; a lead without a vendor is assigned as before', async () => {
    const listed = randomUUID();
    await vendorEvent(store, {
      type: 'VendorListReceived',
      data: { vendorId: 'new-vendor', listId: 'l-7', leadIds: [listed], sampleLeadIds: [], at: at() },
    });
    await transport().processor('routing-vendor-holds')?.waitForIdle();
    await vendorLead('new-vendor', 'l-7', listed);
    await scoreLead(store, listed, 'A', at());
    const plain = await givenScoredLead(store, {
      source: 'purchased-list',
      inbound: false,
      segment: 'smb',
      territory: 'dach',
      grade: 'B',
      capturedAt: at(),
    });
    expect(await assignedTo(plain)).toBe('cy');
    expect(await hold(plain)).toBeUndefined();
    await idle();
    expect(await stream(listed)).toHaveLength(0);
    expect(await hold(listed)).toMatchObject({ status: 'held', vendor_id: 'new-vendor', list_id: 'l-7' });

    const inbound = await givenScoredLead(store, {
      source: 'demo-request',
      inbound: true,
      segment: 'smb',
      territory: 'dach',
      grade: 'A',
      capturedAt: at(),
    });
    expect(await assignedTo(inbound)).toBe('ada');
  });

  it('a release marks its scored leads in one statement and assigns them in chunks of their own transactions: a chunk that fails commits nothing, and a restarted drain assigns each lead once', async () => {
    const drain = t.app.get(ReleasedHoldsDrain);
    await drain.stop();
    const leads: string[] = [];
    for (let i = 0; i < 5; i++) leads.push(await vendorLead('bulk-vendor', 'big'));
    await vendorEvent(store, {
      type: 'VendorListReceived',
      data: { vendorId: 'bulk-vendor', listId: 'big', leadIds: leads, sampleLeadIds: [], at: at() },
    });
    for (const leadId of leads) await scoreLead(store, leadId, 'B', at());
    await idle();
    const load = async () => {
      const { rows } = await db.query<{ open_leads: number; assigned: string }>(
        `select open_leads, (select count(*) from routing.assignment_log where sdr_id = 'cy')::text as assigned
           from routing.sdrs where sdr_id = 'cy'`,
      );
      return { open: rows[0].open_leads, logged: Number(rows[0].assigned) };
    };
    const before = await load();
    const toAssign = async () =>
      (await db.query<{ n: string }>(`select count(*)::text as n from routing.vendor_holds where to_assign and list_id = 'big'`)).rows[0].n;

    // The release's own transaction assigns nothing: it settles the holds and leaves the durable mark.
    await vendorEvent(store, { type: 'VendorLeadsReleased', data: { vendorId: 'bulk-vendor', leadIds: leads, at: at() } });
    await idle();
    expect(await toAssign()).toBe('5');
    for (const leadId of leads) expect(await stream(leadId)).toHaveLength(0);

    // A chunk whose transaction fails at its end (as if the process died before COMMIT) leaves no trace.
    await db.query(`create or replace function routing.test_crash_before_commit() returns trigger language plpgsql as
      $$ begin raise exception 'crash before commit'; end $$`);
    await db.query(`create trigger test_crash before update on routing.vendor_holds
      for each row when (old.to_assign and not new.to_assign) execute function routing.test_crash_before_commit()`);
    await expect(drain.drainChunk()).rejects.toThrow(/crash before commit/);
    await db.query('drop trigger test_crash on routing.vendor_holds');
    expect(await toAssign()).toBe('5');
    for (const leadId of leads) expect(await stream(leadId)).toHaveLength(0);
    expect(await load()).toEqual(before);

    // One chunk: at most ROUTING_RELEASE_CHUNK (2) leads, the first of the release's order.
    expect(await drain.drainChunk()).toBe(2);
    expect(await toAssign()).toBe('3');
    for (const leadId of leads.slice(0, 2)) expect(await assignedTo(leadId)).toBe('cy');
    for (const leadId of leads.slice(2)) expect(await stream(leadId)).toHaveLength(0);

    // Restarted, the drain takes up what is left without a new notification; a redelivered release marks nothing again.
    drain.start();
    for (const leadId of leads) expect(await assignedTo(leadId)).toBe('cy');
    await waitFor(async () => (await toAssign()) === '0', { message: 'every released hold dealt with' });
    await vendorEvent(store, { type: 'VendorLeadsReleased', data: { vendorId: 'bulk-vendor', leadIds: leads, at: at() } });
    await idle();
    expect(await toAssign()).toBe('0');
    await drain.drain();
    for (const leadId of leads) expect((await stream(leadId)).filter((e) => e.type === 'LeadAssigned')).toHaveLength(1);
    expect(await load()).toEqual({ open: before.open + 5, logged: before.logged + 5 });
  });
});
