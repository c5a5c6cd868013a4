import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { deriveEventId, newEventId, runAsActor, type RecordedEvent } from '@leadline/event-store';
import { recordSpans } from '@leadline/testing';
import { CaptureGroups } from '../src/capture/capture-groups';
import { toLeadCapture } from '../src/capture/capture-input';
import { CaptureLeadHandler, type CaptureRequest } from '../src/capture/capture-lead.handler';
import { validateCapture } from '../src/capture/validate-capture';
import { DRIVERS, person, startIntakeApp, type IntakeApp } from './intake-app';

/** A phone of each name's own (the same name, the same phone): a complete record, no person shares it. */
const phones = new Map<string, string>();
const phoneOf = (name: string) => phones.get(name) ?? phones.set(name, `+1415555${2000 + phones.size}`).get(name)!;

const someone = (name: string, overrides: Record<string, unknown> = {}) =>
  person({
    contact: { firstName: name, lastName: 'Group', email: `${name}@${name}-group.io`, phone: phoneOf(name), title: 'CTO' },
    company: { name: `${name} Group`, website: `${name}-group.io`, country: 'US' },
    ...overrides,
  });

describe.each(DRIVERS)('POST /leads grouped into one transaction on %s', (driver) => {
  let intake: IntakeApp;
  let groups: CaptureGroups;
  let captureAll: jest.SpyInstance;
  beforeAll(async () => {
    // Set as a team would (64 is also the default, captureGroupBound's): a wave of nine fits.
    intake = await startIntakeApp(driver, `intake-groups-${driver}`, {}, { INTAKE_CAPTURE_GROUP_MAX: '64' });
    groups = intake.app.get(CaptureGroups);
  });
  beforeEach(() => {
    const handler = intake.app.get(CaptureLeadHandler);
    // Not a mock: every call goes to the real captureAll; the spy counts each transaction's captures.
    captureAll = jest.spyOn(handler, 'captureAll');
  });
  afterEach(() => captureAll.mockRestore());
  afterAll(() => intake?.close());

  const until = async (what: string, done: () => boolean) => {
    for (const started = Date.now(); !done(); await sleep(5)) {
      if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
    }
  };

  /** The next capture transaction waits until the returned function is called: the requests sent meanwhile queue behind it. */
  const holdNextTransaction = (): (() => void) => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    captureAll.mockImplementationOnce(async (requests: readonly CaptureRequest[]) => {
      await gate;
      return CaptureLeadHandler.prototype.captureAll.call(intake.app.get(CaptureLeadHandler), requests);
    });
    return open;
  };

  /**
   * Sends a first capture and holds its transaction open, then sends each of `wave` in turn once the one before is
   * waiting (so the arrival order is the list's), then lets the first commit; the answers, first's last.
   */
  const inOneWave = async (wave: readonly { body: object; key?: string; as?: string }[]) => {
    const open = holdNextTransaction();
    const first = intake
      .http()
      .post('/leads')
      .send(someone(`first${newEventId().slice(0, 8)}`))
      .then((r) => r);
    await until('the first transaction', () => captureAll.mock.calls.length === 1);
    const answers = [];
    for (const [i, { body, key, as }] of wave.entries()) {
      const agent = as ? intake.as(as) : intake.http();
      const sent = key ? agent.post('/leads').set('Idempotency-Key', key).send(body) : agent.post('/leads').send(body);
      answers.push(sent.then((r) => r));
      await until(`request ${i + 1} waiting`, () => groups.waitingCount === i + 1);
    }
    open();
    const settled = await Promise.all(answers);
    expect((await first).status).toBe(202);
    return settled;
  };

  const transactionSizes = () => captureAll.mock.calls.map(([requests]) => (requests as readonly CaptureRequest[]).length);
  const stream = (leadId: string) => intake.store.readStream(`lead-${leadId}`);
  const types = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

  it('decides the requests that queued behind a transaction in the next one, in arrival order, each with its own answer', async () => {
    const pat = someone('pat');
    const [a, p, pAgain, c, aAgain, d, e, eOther, f] = await inOneWave([
      { body: someone('ana'), key: 'group-a' },
      { body: pat },
      // The same person (another email case, the same company): a duplicate of the lead the request before creates.
      { body: { ...pat, contact: { ...pat.contact, email: 'PAT@pat-group.io' } } },
      { body: someone('cyd'), key: 'group-c' },
      // The same key and body as the first: waits for its commit (never in its group) and gets its answer.
      { body: someone('ana'), key: 'group-a' },
      { body: someone('dee') },
      { body: someone('eve'), key: 'group-e' },
      // The same key with another body: 422, and only for this request.
      { body: someone('eva'), key: 'group-e' },
      { body: someone('fay') },
    ]);
    // The held one alone; the seven queued behind it without a repeated key; the two repeated keys, whose group fails
    // on the 422 and is run again request by request.
    expect(transactionSizes()).toEqual([1, 7, 2, 1, 1]);
    for (const answer of [a, p, c, d, e, f]) expect([answer.status, answer.body.status]).toEqual([202, 'captured']);
    expect(new Set([a, p, c, d, e, f].map((answer) => answer.body.leadId)).size).toBe(6);
    expect(pAgain.status).toBe(202);
    expect(pAgain.body).toEqual({ leadId: p.body.leadId, status: 'duplicate' });
    expect(aAgain.status).toBe(202);
    expect(aAgain.body).toEqual(a.body);
    expect(eOther.status).toBe(422);
    expect(eOther.body).toMatchObject({ statusCode: 422, error: 'idempotency-key-reused' });

    expect(types(await stream(a.body.leadId))).toEqual(['LeadCaptured']);
    expect(types(await stream(p.body.leadId))).toEqual(['LeadCaptured', 'LeadDuplicateCaptured']);
    expect(types(await stream(e.body.leadId))).toEqual(['LeadCaptured']);
    // Ids named after each capture as before: a keyed request's capture id derives from its key.
    const [captured] = await stream(a.body.leadId);
    const captureId = deriveEventId('lead-intake/capture', 'http:group-a');
    expect(captured.id).toBe(deriveEventId(captureId, `${a.body.leadId}/LeadCaptured/0`));
    expect(captured.metadata).toMatchObject({ leadId: a.body.leadId, correlationId: captureId });
    // One transaction in arrival order: its events are in the global log in the requests' order.
    const firstOf = async (leadId: string, type: string) => (await stream(leadId)).find((event) => event.type === type)!.globalPosition;
    const positions = [
      await firstOf(a.body.leadId, 'LeadCaptured'),
      await firstOf(p.body.leadId, 'LeadCaptured'),
      await firstOf(p.body.leadId, 'LeadDuplicateCaptured'),
      await firstOf(c.body.leadId, 'LeadCaptured'),
      await firstOf(d.body.leadId, 'LeadCaptured'),
      await firstOf(e.body.leadId, 'LeadCaptured'),
      await firstOf(f.body.leadId, 'LeadCaptured'),
    ];
    expect([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(positions);
    const overview = await intake.http().get(`/leads/${p.body.leadId}`).expect(200);
    expect(overview.body).toMatchObject({ duplicates: 1, email: 'pat@pat-group.io' });
  });

  it("one request's failure fails no other request of its group: each runs again on its own, nothing written twice", async () => {
    await intake.http().post('/leads').set('Idempotency-Key', 'group-x').send(someone('xia')).expect(202);
    captureAll.mockClear();
    const before = await intake.countEvents('lead');
    const [g, x, h] = await inOneWave([
      { body: someone('gil') },
      { body: someone('xin'), key: 'group-x' },
      { body: someone('hal'), key: 'group-h' },
    ]);
    expect(transactionSizes()).toEqual([1, 3, 1, 1, 1]);
    expect([g.status, g.body.status, h.status, h.body.status]).toEqual([202, 'captured', 202, 'captured']);
    expect([x.status, x.body.error]).toEqual([422, 'idempotency-key-reused']);
    expect(types(await stream(g.body.leadId))).toEqual(['LeadCaptured']);
    expect(types(await stream(h.body.leadId))).toEqual(['LeadCaptured']);
    // The held first capture and the two of the group; the failed attempt left nothing.
    expect(await intake.countEvents('lead')).toBe(before + 3);
  });

  it("stamps each request's own actor on its events, whoever's transaction decided them", async () => {
    const [one, two] = [await intake.keyFor(['intake']), await intake.keyFor(['intake'])];
    const [byOne, byTwo, byOneAgain] = await inOneWave([
      { body: someone('ola'), as: one },
      { body: someone('tom'), as: two },
      // A duplicate recorded on the first one's lead, by the second key.
      { body: someone('ola', { source: 'demo-request' }), as: two },
    ]);
    expect(transactionSizes()).toEqual([1, 3]);
    expect(byOneAgain.body).toEqual({ leadId: byOne.body.leadId, status: 'duplicate' });
    const actorOf = (event: RecordedEvent) => (event.metadata.actor as { id: string }).id;
    const [captured, duplicate] = await stream(byOne.body.leadId);
    const [other] = await stream(byTwo.body.leadId);
    expect(actorOf(captured)).not.toBe(actorOf(other));
    expect(actorOf(duplicate)).toBe(actorOf(other));
  });

  it("continues each request's own trace on its events", async () => {
    const spans = await recordSpans();
    try {
      const tracer = trace.getTracer('capture-groups.int-spec');
      const requestFor = async (name: string): Promise<CaptureRequest> => {
        const validation = await validateCapture(someone(name));
        if (!validation.ok) throw new Error('invalid');
        const input = toLeadCapture(validation.dto, newEventId(), new Date().toISOString());
        if (!input.ok) throw new Error('invalid');
        return { capture: input.capture };
      };
      const open = holdNextTransaction();
      const asRequest = (name: string, request: CaptureRequest) =>
        tracer.startActiveSpan(`request ${name}`, (span) =>
          runAsActor({ kind: 'api-key', id: `key-${name}`, roles: ['intake'] }, () =>
            groups.capture(request).then((outcome) => ({ outcome, traceId: span.spanContext().traceId, name })),
          ).finally(() => span.end()),
        );
      const first = asRequest('uma', await requestFor('uma'));
      await until('the first transaction', () => captureAll.mock.calls.length === 1);
      const queued = [asRequest('vic', await requestFor('vic'))];
      await until('vic waiting', () => groups.waitingCount === 1);
      queued.push(asRequest('wes', await requestFor('wes')));
      await until('wes waiting', () => groups.waitingCount === 2);
      open();
      const done = [await first, ...(await Promise.all(queued))];
      expect(transactionSizes()).toEqual([1, 2]);
      for (const { outcome, traceId, name } of done) {
        const [event] = await stream(outcome.leadId);
        expect({ name, traceparent: event.metadata.traceparent, actor: event.metadata.actor }).toEqual({
          name,
          traceparent: expect.stringMatching(new RegExp(`^00-${traceId}-`)),
          actor: expect.objectContaining({ id: `key-${name}` }),
        });
      }
      // The group's shared work is one span, linked to both requests' spans.
      const group = spans.spans().find((span) => span.name === 'capture group');
      expect(group?.links.map((link) => link.context.traceId).sort()).toEqual(
        done
          .slice(1)
          .map((d) => d.traceId)
          .sort(),
      );
    } finally {
      await spans.stop();
    }
  });
});
