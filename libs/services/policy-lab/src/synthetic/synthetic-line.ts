import type { SyntheticLead } from './synthetic-organisation';

type Json = Record<string, unknown>;

export interface SyntheticLineOptions {
  readonly baseUrl: string;
  /** An API key with the roles the line needs (admin, or sales-ops with rep and intake). */
  readonly apiKey: string;
  readonly leads: readonly SyntheticLead[];
  /** Leads in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SyntheticLineResult {
  readonly leadIds: readonly string[];
  readonly assigned: number;
  readonly recycled: number;
  readonly qualified: number;
  readonly won: number;
}

const ALL_WEEK = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the line runs: the platform's URL and the credentials every request carries. */
interface Line {
  readonly url: string;
  readonly auth: Readonly<Record<string, string>>;
}

async function call(
  line: Line,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? { ...line.auth, ...headers } : { 'content-type': 'application/json', ...line.auth, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
}

async function ok(line: Line, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Json> {
  let reply = await call(line, method, url, body, headers);
  // A write that raced another on the same stream is refused as a concurrent change: do it again.
  for (let retry = 0; reply.status === 409 && reply.json['error'] === 'concurrent-change' && retry < 10; retry++) {
    await sleep(20 * (retry + 1));
    reply = await call(line, method, url, body, headers);
  }
  if (reply.status >= 300) throw new Error(`${method} ${url} answered ${reply.status}: ${JSON.stringify(reply.json)}`);
  return reply.json;
}

/** Polls until `accept` holds (the line works asynchronously), for at most `timeoutMs`. */
async function until(what: string, probe: () => Promise<Json | null>, timeoutMs = 120_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(500, wait * 2)) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(wait);
  }
}

/** The roster the synthetic line runs on: SDRs and AEs working around the clock in UTC, with room for every lead. */
async function setUpRoster(base: Line): Promise<void> {
  const sdr = (sdrId: string, team: string) => ({
    sdrId,
    name: `SDR ${sdrId}`,
    email: `${sdrId}@synthetic.test`,
    managerEmail: 'manager@synthetic.test',
    team,
    territories: ['*'],
    segments: ['*'],
    workingHours: ALL_WEEK,
    timeZone: 'UTC',
    weeklyCapacity: 10_000,
  });
  for (const [id, team] of [
    ['sdr-ina', 'inbound'],
    ['sdr-ivo', 'inbound'],
    ['sdr-iris', 'inbound'],
    ['sdr-otto', 'outbound'],
  ])
    await ok(base, 'POST', `${base.url}/sdrs`, sdr(id, team));
  for (const [aeId, role] of [
    ['ae-dora', 'demo-guru'],
    ['ae-dave', 'demo-guru'],
    ['ae-dana', 'demo-guru'],
    ['ae-dirk', 'demo-guru'],
    ['ae-hugo', 'hunter'],
    ['ae-hana', 'hunter'],
    ['ae-hal', 'hunter'],
  ])
    await ok(base, 'POST', `${base.url}/aes`, {
      aeId,
      name: `AE ${aeId}`,
      email: `${aeId}@synthetic.test`,
      role,
      segments: ['*'],
      workingHours: ALL_WEEK,
      timeZone: 'UTC',
      dailyCap: 100,
      ...(role === 'hunter' ? { openDealsCap: 10_000 } : {}),
    });
}

/** Books, holds and wins a qualified lead's deal through appointments. */
async function win(base: Line, leadId: string, lead: SyntheticLead): Promise<void> {
  let booked: { status: number; json: Json } | null = null;
  // Leads in flight may take the same offered time: the loser is offered again (409 no-fair-slot).
  for (let attempt = 0; !booked || booked.status === 409; attempt++) {
    if (attempt > 20) throw new Error(`no slot could be booked for ${leadId}: ${JSON.stringify(booked?.json)}`);
    const offer = await until(`slots for ${leadId}`, async () => {
      const reply = await call(base, 'POST', `${base.url}/leads/${leadId}/slots`, { timeZone: 'UTC' });
      return reply.status < 300 && Array.isArray(reply.json['slots']) && (reply.json['slots'] as unknown[]).length > 0 ? reply.json : null;
    });
    const slots = offer['slots'] as { start: string }[];
    const slot = slots[(lead.n + attempt) % slots.length];
    booked = await call(base, 'POST', `${base.url}/appointments`, {
      leadId,
      appointmentId: offer['appointmentId'],
      slots: [{ start: slot.start }],
      mode: 'flexible',
    });
  }
  if (booked.status >= 300) throw new Error(`booking ${leadId} answered ${booked.status}: ${JSON.stringify(booked.json)}`);
  const appointmentId = booked.json['appointmentId'] as string;
  await ok(base, 'POST', `${base.url}/appointments/${appointmentId}/held`);
  const outcome = await ok(base, 'POST', `${base.url}/appointments/${appointmentId}/outcome`, { movedForward: true, note: 'synthetic' });
  const hunterId = (outcome['hunterId'] as string | null | undefined) ?? null;
  const opportunity = await until(`opportunity of ${leadId}`, async () => {
    const reply = await call(base, 'GET', `${base.url}/opportunities?leadId=${leadId}`);
    // Won by the hunter it goes to (once handed over), or by the demo guru when no hunter could take it.
    return reply.status === 200 && reply.json['opportunityId'] && (hunterId === null || reply.json['aeId'] === hunterId)
      ? reply.json
      : null;
  });
  await ok(base, 'POST', `${base.url}/opportunities/${opportunity['opportunityId'] as string}/win`, {
    amount: 10_000 + lead.company.headcount * 10,
    margin: 0.6,
    contractTermMonths: 12,
    renewalDate: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
}

/**
 * Runs synthetic leads through the real line over its HTTP API: captured, enriched (by the
 * firmographics provider), scored and assigned by the services; then the owning SDR touches each
 * assigned lead and qualifies or disqualifies it as the truth says, and the deals the truth wins
 * are booked, held, moved forward and won. Nothing is written around the services.
 */
export async function runSyntheticLine(options: SyntheticLineOptions): Promise<SyntheticLineResult> {
  const base: Line = { url: options.baseUrl.replace(/\/$/, ''), auth: { authorization: `Bearer ${options.apiKey}` } };
  await setUpRoster(base);
  const counts = { assigned: 0, recycled: 0, qualified: 0, won: 0 };
  const leadIds: string[] = new Array<string>(options.leads.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < options.leads.length; i = next++) {
      const lead = options.leads[i];
      const { leadId } = (await ok(
        base,
        'POST',
        `${base.url}/leads`,
        {
          source: lead.source,
          contact: { firstName: 'Synthetic', lastName: `Lead ${lead.n}`, email: `lead${lead.n}@${lead.company.domain}`, title: lead.title },
          company: { website: `https://${lead.company.domain}`, country: 'US' },
          consent: true,
        },
        { 'Idempotency-Key': `synthetic-${lead.n}` },
      )) as { leadId: string };
      leadIds[i] = leadId;
      const view = await until(`lead ${leadId} scored and routed`, async () => {
        const reply = await call(base, 'GET', `${base.url}/leads/${leadId}`);
        const j = reply.json;
        return j['grade'] === 'F' || j['ownerSdrId'] ? j : null;
      });
      if (view['grade'] === 'F') counts.recycled++;
      else {
        counts.assigned++;
        await ok(base, 'POST', `${base.url}/leads/${leadId}/activities`, { kind: 'call', outcome: 'connected' });
        if (lead.qualifies) {
          await ok(base, 'POST', `${base.url}/leads/${leadId}/qualify`, { reason: 'synthetic: qualifies' });
          counts.qualified++;
          if (lead.wins) {
            await win(base, leadId, lead);
            counts.won++;
          }
        } else await ok(base, 'POST', `${base.url}/leads/${leadId}/disqualify`, { reason: 'synthetic: does not qualify' });
      }
      options.onProgress?.(++done, options.leads.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { leadIds, ...counts };
}
