import type { RecordedEvent, SqlDatabase } from '@leadline/event-store';
import { applyEvents, createSchema, openDatabase } from './fixtures/apply-history';
import { recordedEvent } from './fixtures/recorded-event';
import { DRIVERS } from './drivers';

let position = 0;
const ev = (type: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1;
  return recordedEvent('a', position, type, `x-${position}`, data);
};

/** The fact rows of the events the fixed history does not exercise. */
const EVENTS = [
  ev('LeadCaptured', {
    leadId: 'L1',
    source: 'event',
    inbound: false,
    vendorId: null,
    listId: null,
    campaignId: null,
    capturedAt: '2026-03-02T09:00:00Z',
  }),
  ev('LeadDuplicateCaptured', {
    leadId: 'L1',
    matchedOn: 'phone',
    capture: { captureId: 'c2', source: 'referral', vendorId: null, campaignId: 'C9', capturedAt: '2026-03-02T10:00:00Z' },
  }),
  ev('LeadDuplicateUnmerged', {
    leadId: 'L1',
    captureId: 'c2',
    newLeadId: 'L1b',
    reason: 'different person',
    unmergedAt: '2026-03-02T11:00:00Z',
  }),
  ev('LeadScored', { leadId: 'L1', score: 20, grade: 'F', scoredAt: '2026-03-02T09:01:00Z' }),
  ev('LeadSentToRecyclePool', { leadId: 'L1', reason: 'grade F', at: '2026-03-02T09:01:00Z' }),
  ev('LeadScored', { leadId: 'L1', score: 70, grade: 'B', scoredAt: '2026-03-03T09:00:00Z' }),
  ev('ProspectNurtured', {
    leadId: 'L1',
    originalAeId: 'a1',
    returnBy: '2026-06-01T00:00:00Z',
    reason: 'budget next quarter',
    at: '2026-03-10T00:00:00Z',
  }),
  ev('ProspectReturnedFromNurture', { leadId: 'L1', aeId: 'a1', at: '2026-05-01T00:00:00Z' }),
  ev('LeadRecycled', { leadId: 'L1', reason: 'hopeless', availableToOutboundAt: '2026-07-01T00:00:00Z', at: '2026-06-01T00:00:00Z' }),
  ev('SdrRegistered', {
    sdrId: 's1',
    name: 'Ann',
    email: 'a@x',
    managerEmail: 'm@x',
    team: 'inbound',
    weeklyCapacity: 160,
    active: true,
    registeredAt: '2026-01-01T00:00:00Z',
  }),
  ev('SdrUpdated', { sdrId: 's1', changes: { team: 'outbound', active: false }, updatedAt: '2026-02-01T00:00:00Z' }),
  ev('AeRegistered', { aeId: 'a1', profile: { name: 'Ada', role: 'demo-guru', dailyCap: 5, active: true }, at: '2026-01-01T00:00:00Z' }),
  ev('AeUpdated', { aeId: 'a1', changes: { role: 'hunter' }, at: '2026-02-01T00:00:00Z' }),
  ev('AppointmentBooked', {
    appointmentId: 'P1',
    leadId: 'L1',
    aeId: 'a1',
    salesEngineerId: 'e1',
    start: '2026-03-05T10:00:00Z',
    end: '2026-03-05T10:45:00Z',
    mode: 'flexible',
    equalityTraded: true,
    creditMonth: '2026-03',
    at: '2026-03-02T12:00:00Z',
  }),
  ev('AppointmentRescheduled', {
    appointmentId: 'P1',
    leadId: 'L1',
    aeId: 'a2',
    fromAeId: 'a1',
    start: '2026-03-06T10:00:00Z',
    end: '2026-03-06T10:45:00Z',
    salesEngineerId: 'e2',
    at: '2026-03-03T12:00:00Z',
  }),
  ev('AppointmentRescheduled', {
    appointmentId: 'P1',
    leadId: 'L1',
    aeId: 'a3',
    fromAeId: 'a2',
    start: '2026-03-07T10:00:00Z',
    end: '2026-03-07T10:45:00Z',
    at: '2026-03-04T12:00:00Z',
  }),
  ev('CustomerCreated', {
    customerId: 'K1',
    leadId: 'L1',
    opportunityId: 'O1',
    amount: 100,
    renewalDate: '2027-03-01T00:00:00Z',
    segment: null,
    at: '2026-03-20T00:00:00Z',
  }),
  ev('CustomerOnboarded', { customerId: 'K1', leadId: 'L1', at: '2026-03-25T00:00:00Z' }),
  ev('UpsellOpened', { customerId: 'K1', leadId: 'L1', upsellId: 'U1', description: 'x', handedTo: 'bd', at: '2026-04-01T00:00:00Z' }),
  ev('UpsellClosed', { customerId: 'K1', leadId: 'L1', upsellId: 'U1', won: false, amount: null, at: '2026-04-02T00:00:00Z' }),
];

describe.each(DRIVERS)('metrics read models: the rarer events (%s)', (driver) => {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;
  const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;

  beforeAll(async () => {
    ({ db, cleanup } = await openDatabase(driver, 'metrics-events'));
    await createSchema(db, 'm');
    await applyEvents(db, 'm', EVENTS, 3);
  });
  afterAll(() => cleanup?.());

  it('a duplicate split off again keeps its capture and records the unmerge', async () => {
    expect(await one('SELECT capture_id, matched_on, source, campaign_id, unmerged_at, new_lead_id FROM m.lead_duplicates')).toEqual([
      {
        capture_id: 'c2',
        matched_on: 'phone',
        source: 'referral',
        campaign_id: 'C9',
        unmerged_at: new Date('2026-03-02T11:00:00Z'),
        new_lead_id: 'L1b',
      },
    ]);
  });

  it('a rescored lead shows its latest grade; recycle pool, nurture and recycling keep their first times', async () => {
    expect(
      await one('SELECT grade, score, recycle_pool_at, nurtured_at, nurture_returned_at, recycled_at, customer_at FROM m.leads'),
    ).toEqual([
      {
        grade: 'B',
        score: 70,
        recycle_pool_at: new Date('2026-03-02T09:01:00Z'),
        nurtured_at: new Date('2026-03-10T00:00:00Z'),
        nurture_returned_at: new Date('2026-05-01T00:00:00Z'),
        recycled_at: new Date('2026-06-01T00:00:00Z'),
        customer_at: new Date('2026-03-20T00:00:00Z'),
      },
    ]);
  });

  it('roster updates change only the fields they name', async () => {
    expect(await one('SELECT name, team, active, weekly_capacity FROM m.sdrs')).toEqual([
      { name: 'Ann', team: 'outbound', active: false, weekly_capacity: 160 },
    ]);
    expect(await one('SELECT name, role, active FROM m.aes')).toEqual([{ name: 'Ada', role: 'hunter', active: true }]);
  });

  it('a reschedule that names no sales engineer keeps the one before', async () => {
    expect(await one('SELECT booked_ae_id, booked_se_id, ae_id, se_id, start_at, equality_traded, mode FROM m.appointments')).toEqual([
      {
        booked_ae_id: 'a1',
        booked_se_id: 'e1',
        ae_id: 'a3',
        se_id: 'e2',
        start_at: new Date('2026-03-07T10:00:00Z'),
        equality_traded: true,
        mode: 'flexible',
      },
    ]);
    expect(await one('SELECT ae_id, se_changed, se_id FROM m.appointment_reschedules ORDER BY at')).toEqual([
      { ae_id: 'a2', se_changed: true, se_id: 'e2' },
      { ae_id: 'a3', se_changed: false, se_id: null },
    ]);
  });

  it('customers record onboarding and lost upsells', async () => {
    expect(await one('SELECT onboarded_at, renewal_date, initial_renewal_date FROM m.customers')).toEqual([
      {
        onboarded_at: new Date('2026-03-25T00:00:00Z'),
        renewal_date: new Date('2027-03-01T00:00:00Z'),
        initial_renewal_date: new Date('2027-03-01T00:00:00Z'),
      },
    ]);
    expect(await one('SELECT handed_to, won, amount FROM m.upsells')).toEqual([{ handed_to: 'bd', won: false, amount: null }]);
  });
});
