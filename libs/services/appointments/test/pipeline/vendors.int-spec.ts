import type { VendorDecided, VendorListReceived } from '@leadline/domain';
import { newEventId } from '@leadline/event-store';
import { VirtualClock } from '@leadline/scheduling';
import { waitFor } from '@leadline/testing';
import { MAX_LEAD_ID_LENGTH, MAX_LIST_LEADS } from '../../src/vendors/vendor.dto';
import { givenAppointmentHeld, startPipelineApp, type Driver, type PipelineApp } from './pipeline.fixture';

const T0 = '2026-03-02T10:00:00.000Z';
// The fixed data: samples of 20 against a history of 40 opportunities from 100 leads (40%), Fisher at alpha 0.05.
// 3 of 20 (15%) gives p = 0.0264 < 0.05: rejected; 4 of 20 (20%) gives p = 0.0717 >= 0.05: approved.
const ENV = { VENDOR_SAMPLE_SIZE: '20', VENDOR_BASELINE: '40/100', VENDOR_TEST: 'fisher', VENDOR_ALPHA: '0.05' };

interface Outcome {
  status: string;
  events: { type: string; data: Record<string, unknown> }[];
}

describe.each<Driver>(['pg', 'pglite'])('list vendor testing on %s', (driver) => {
  const clock = new VirtualClock(T0);
  let p: PipelineApp;
  const http = () => p.http();
  const leads = (n: number) => Array.from({ length: n }, () => `lead-${newEventId()}`);

  /** A new vendor's list, `converted` of its sample leads reaching an opportunity (held appointment → OpportunityOpened). */
  async function sampledVendor(vendorId: string, listSize: number, converted: number) {
    const leadIds = leads(listSize);
    const received = await http()
      .post(`/vendors/${vendorId}/lists`)
      .send({ listId: `${vendorId}-list-1`, leadIds })
      .expect(201);
    const body = received.body as Outcome;
    const sample = (body.events.find((e) => e.type === 'VendorListReceived')?.data as VendorListReceived['data']).sampleLeadIds;
    for (const leadId of sample.slice(0, converted)) await givenAppointmentHeld(p.store, leadId, 'guru-1', T0);
    await waitFor(async () => (await http().get(`/vendors/${vendorId}`)).body.sample.conversions === converted, {
      message: `${converted} conversions of ${vendorId}`,
    });
    return { leadIds, sample, body };
  }

  beforeAll(async () => {
    p = await startPipelineApp(driver, `pipeline-vendors-${driver}`, clock, ENV);
  });
  afterAll(() => p?.close());

  it("a new vendor's first list releases a sample of the configured size and holds the rest", async () => {
    const { sample, body } = await sampledVendor('acme-lists', 30, 0);
    expect(sample).toHaveLength(20);
    expect(body.status).toBe('sampling');
    expect(body.events.map((e) => e.type)).toEqual(['VendorListReceived', 'VendorLeadsReleased']);
    expect((await http().get('/vendors/acme-lists').expect(200)).body).toMatchObject({
      status: 'sampling',
      leads: { released: 20, held: 10 },
    });
  });

  it('a sample significantly below the history (3 of 20 against 40/100, p = 0.026 < 0.05) rejects the vendor and archives its held leads', async () => {
    const { leadIds, sample } = await sampledVendor('cheap-data', 25, 3);
    const decided = (await http().post('/vendors/cheap-data/decide').expect(200)).body as Outcome;
    expect(decided.status).toBe('rejected');
    expect(decided.events[0].data).toMatchObject({
      approved: false,
      test: 'fisher-exact-one-sided',
      sampleConversions: 3,
      sampleSize: 20,
      historicalConversions: 40,
      historicalSize: 100,
      threshold: 0.05,
    } satisfies Partial<VendorDecided['data']>);
    expect(decided.events[0].data.pValue).toBeCloseTo(0.02635, 5);
    expect(decided.events[1]).toMatchObject({
      type: 'VendorLeadsArchived',
      data: { leadIds: leadIds.filter((id) => !sample.includes(id)) },
    });
    expect((await http().get('/vendors/cheap-data').expect(200)).body).toMatchObject({
      status: 'rejected',
      leads: { released: 20, archived: 5 },
    });
    await http().post('/vendors/cheap-data/decide').expect(409);
    const later = (
      await http()
        .post('/vendors/cheap-data/lists')
        .send({ listId: 'cheap-data-list-2', leadIds: leads(3) })
        .expect(201)
    ).body as Outcome;
    expect(later.events.map((e) => e.type)).toEqual(['VendorListReceived', 'VendorLeadsArchived']);
  });

  it('a sample not significantly below the history (4 of 20 against 40/100, p = 0.072 >= 0.05) approves the vendor and releases its held leads', async () => {
    const { leadIds, sample } = await sampledVendor('good-leads', 30, 4);
    const decided = (await http().post('/vendors/good-leads/decide').expect(200)).body as Outcome;
    expect(decided.status).toBe('approved');
    expect(decided.events[0].data).toMatchObject({
      approved: true,
      sampleConversions: 4,
      sampleSize: 20,
      historicalConversions: 40,
      historicalSize: 100,
    });
    expect(decided.events[0].data.pValue).toBeCloseTo(0.07171, 5);
    expect(decided.events[1]).toMatchObject({
      type: 'VendorLeadsReleased',
      data: { leadIds: leadIds.filter((id) => !sample.includes(id)) },
    });
    expect((await http().get('/vendors/good-leads').expect(200)).body).toMatchObject({ status: 'approved', leads: { released: 30 } });
  });

  it("an approved vendor's released leads join the history the next vendor is tested against", async () => {
    await sampledVendor('next-vendor', 20, 0);
    const decided = (await http().post('/vendors/next-vendor/decide').expect(200)).body as Outcome;
    // Baseline 40/100 plus good-leads' 30 released leads with 4 opportunities; the rejected vendor does not count.
    expect(decided.events[0].data).toMatchObject({ historicalConversions: 44, historicalSize: 130, sampleSize: 20, approved: false });
    expect(decided.events).toHaveLength(1);
  });

  it('takes a list of the most leads with the longest ids a request may name (through the 100 KiB body limit) and refuses one lead more with a 400 that says so', async () => {
    const leadId = (i: number) => `lead-${String(i).padStart(MAX_LEAD_ID_LENGTH - 5, '0')}`;
    const listId = `big-list-${'x'.repeat(91)}`;
    const most = Array.from({ length: MAX_LIST_LEADS }, (_, i) => leadId(i));
    const received = (await http().post('/vendors/bulk-data/lists').send({ listId, leadIds: most }).expect(201)).body as Outcome;
    expect((received.events[0].data as VendorListReceived['data']).leadIds).toHaveLength(MAX_LIST_LEADS);

    const refused = await http()
      .post('/vendors/bulk-data/lists')
      .send({ listId: `${listId.slice(0, 99)}2`, leadIds: [...most, leadId(MAX_LIST_LEADS)] })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain(
      `leadIds must name at most ${MAX_LIST_LEADS} leads; hand a longer list over as several lists`,
    );
    const badId = await http()
      .post('/vendors/bulk-data/lists')
      .send({ listId: 'bulk-data-3', leadIds: [leadId(1).padEnd(MAX_LEAD_ID_LENGTH + 1, '0')] })
      .expect(400);
    expect(JSON.stringify(badId.body)).toContain(`each lead id must be 1-${MAX_LEAD_ID_LENGTH} characters`);
  });
});
