/**
 * The two-replica chaos run: lead-intake, enrichment, scoring and routing, two processes each
 * (apps/<service>/src/main.ts, as in production), on one PostgreSQL database and one Kafka broker.
 * Leads are posted across both intake replicas (a client that fails over to the other replica on a
 * refused connection or a 503, with the same Idempotency-Key, as a load balancer would), while:
 *
 *   1. replica a of every service is SIGTERMed (graceful shutdown); the b replicas carry the line alone
 *      until every lead accepted so far is assigned (the survivors took over, nobody restarted);
 *   2. the a replicas start again;
 *   3. replica b of every service is SIGKILLed; the a replicas carry the line alone until every lead
 *      accepted so far is assigned;
 *   4. the b replicas start again; the rest of the leads are posted across all of them;
 *
 * then the ledger is read from the event store: per lead, LeadCaptured, LeadEnriched, LeadScored,
 * LeadAssigned once each, in that order. Used by tools/chaos/chaos.ts (1,000 leads, figures for
 * docs/operations.md) and tools/chaos/chaos.e2e-spec.ts (a small run in npm test, which asserts
 * the ledger and the exit codes, never the timings).
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadavg } from 'node:os';
import { generateApiKey } from '@leadline/platform';
import { freePort, killIfRunning, runNode, runTs, type TsProcess } from '@leadline/testing';
import { inboundLead, inboundSdr } from '../bench/support/lead-fixtures';

const ROOT = resolve(__dirname, '..', '..');
export const CHAOS_SERVICES = ['lead-intake', 'enrichment', 'scoring', 'routing'] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];
const LINE = ['LeadCaptured', 'LeadEnriched', 'LeadScored', 'LeadAssigned'] as const;

export interface ChaosOptions {
  /** The run's own database (created and dropped by the caller). */
  readonly databaseUrl: string;
  readonly kafkaBrokers: readonly string[];
  readonly topicPrefix: string;
  /** Leads posted in all; a quarter before each fault and after the last restart. */
  readonly leads: number;
  /** Leads per second (open loop). */
  readonly rate: number;
  /** Extra settings for every service (e.g. shorter KAFKA_SESSION_TIMEOUT_MS). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * A production build (`npm run build -- --out-dir DIR`, then `npm ci --omit=dev` in DIR) to run the
   * services from with plain node (`node DIR/tools/start-service.js <service>`); default: the TypeScript
   * sources through the repository's loader (transpiled at every start, so starts are slower).
   */
  readonly buildDir?: string;
  /**
   * A last fault, after the replicas are back: the broker stopped for `downMs` while leads are posted
   * (intake must stay ready and accept them all), then started again with its state; the line must
   * catch up. Only for a broker of the run's own (tools/chaos/chaos.ts), never a shared one.
   */
  readonly brokerOutage?: { readonly downMs: number; stop(): Promise<void>; start(): Promise<void> };
  /** How long the line may take to assign everything accepted after a fault (default 180 s). */
  readonly settleTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

export interface StopFigures {
  readonly service: ChaosService;
  readonly replica: string;
  readonly signal: 'SIGTERM' | 'SIGKILL';
  /** SIGTERM: exit code (0 = drained within SHUTDOWN_GRACE_MS); SIGKILL: null. */
  readonly exitCode: number | null;
  /** SIGTERM: ms from the signal to the first /ready answer other than 200 (undefined if none was seen). */
  readonly readyOffMs?: number;
  /** SIGTERM: that answer (503 while draining; 0 would mean the port closed first). */
  readonly readyOffStatus?: number;
  /** SIGTERM: ms from the signal to the process's exit. */
  readonly exitMs: number;
}

export interface StartFigures {
  readonly service: ChaosService;
  readonly replica: string;
  /** What preceded this start. */
  readonly after: 'first start' | 'SIGTERM' | 'SIGKILL';
  /** ms from spawn to the first 200 from /health (the port open). */
  readonly healthMs: number;
  /** ms from spawn to the first 200 from /ready (intake: database; the others: consumers joined). */
  readonly readyMs: number;
  /** lead-intake only: ms from spawn to its first accepted lead (202). */
  readonly acceptMs?: number;
}

export interface ChaosReport {
  readonly accepted: number;
  /** Leads whose ledger is not exactly LeadCaptured, LeadEnriched, LeadScored, LeadAssigned, once each in that order. */
  readonly wrongLedgers: ReadonlyArray<{ leadId: string; events: string[] }>;
  /** Answers from intake other than 202 and 503 (each a failure). */
  readonly unexpectedAnswers: readonly number[];
  /** 503 answers and refused connections the posting client failed over on. */
  readonly failovers: number;
  readonly stops: readonly StopFigures[];
  readonly starts: readonly StartFigures[];
  /** Whether the survivors assigned everything accepted before each restart: [after SIGTERM, after SIGKILL]. */
  readonly survivorsCaughtUp: readonly [boolean, boolean];
  /** ms from each fault to every lead accepted so far being assigned, by the survivors alone. */
  readonly takeoverMs: readonly [number, number];
  /** With `brokerOutage`: what intake did while the broker was down, and how soon the line caught up after. */
  readonly brokerOutage?: {
    /** ms from the broker's stop to its start having completed (it answers again). */
    readonly downMs: number;
    readonly posted: number;
    readonly accepted: number;
    /** /ready answers of the intake replicas while the broker was down: [200, other]. */
    readonly intakeReadiness: readonly [number, number];
    /** ms from the broker's return (started) to every accepted lead assigned; NaN if it did not happen in time. */
    readonly catchUpMs: number;
  };
  readonly durationMs: number;
  /** The machine's 1-minute load average at the start and at the end of the run (timings move with it). */
  readonly loadAverage: readonly [number, number];
  readonly runFrom: 'sources' | 'build';
}

interface Replica {
  readonly service: ChaosService;
  readonly name: string;
  readonly port: number;
  child: TsProcess;
  readonly url: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** The replicas run with this admin key (AUTH_ADMIN_KEY); the run's requests carry it. */
const ADMIN_KEY = generateApiKey().key;
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };
const now = () => performance.now();

async function statusOf(url: string, init?: RequestInit): Promise<number> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function alive(child: TsProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Distinct person, phone and company per n, so intake's duplicate detection never merges two. */
const lead = (n: number, tag: string) => inboundLead(n, { prefix: 'chaos', tag, firstName: 'Cass', lastName: 'Chaos', exchange: 300 });

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const tag = Date.now().toString(36);
  const started = now();
  const replicas: Replica[] = [];
  const stops: StopFigures[] = [];
  const starts: StartFigures[] = [];
  const accepted = new Set<string>();
  const unexpectedAnswers: number[] = [];
  let failovers = 0;
  let posted = 0;
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();

  const loadAtStart = loadavg()[0];
  const spawn = (service: ChaosService, port: number): TsProcess => {
    const env = {
      DATABASE_URL: options.databaseUrl,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    if (options.buildDir)
      return runNode([join(resolve(options.buildDir), 'tools', 'start-service.js'), service], { cwd: options.buildDir, env });
    return runTs(join(ROOT, 'apps', service, 'src', 'main.ts'), [], env);
  };

  /** Spawns (or respawns) a replica and measures how soon it serves /health, /ready and, for intake, a lead. */
  async function start(replica: Replica, after: StartFigures['after']): Promise<void> {
    const t0 = now();
    replica.child = spawn(replica.service, replica.port);
    let healthMs: number | undefined;
    let readyMs: number | undefined;
    let acceptMs: number | undefined;
    const deadline = t0 + 180_000;
    // After a first start no SDR is registered yet: a lead would wait for one, so intake is only probed on restarts.
    const probeIntake = replica.service === 'lead-intake' && after !== 'first start';
    while (healthMs === undefined || readyMs === undefined || (probeIntake && acceptMs === undefined)) {
      if (!alive(replica.child)) throw new Error(`${replica.name} exited while starting:\n${replica.child.output().slice(-3000)}`);
      if (now() > deadline) throw new Error(`${replica.name} not serving within 180 s:\n${replica.child.output().slice(-3000)}`);
      if (healthMs === undefined && (await statusOf(`${replica.url}/health`)) === 200) healthMs = now() - t0;
      if (healthMs !== undefined && readyMs === undefined && (await statusOf(`${replica.url}/ready`)) === 200) readyMs = now() - t0;
      if (healthMs !== undefined && probeIntake && acceptMs === undefined) {
        if ((await postTo(replica, posted++)) === 202) acceptMs = now() - t0;
      }
      await sleep(50);
    }
    starts.push({ service: replica.service, replica: replica.name, after, healthMs, readyMs, acceptMs });
    log(
      `${replica.name} (${after}) serving /health after ${(healthMs / 1000).toFixed(1)} s, ready after ${(readyMs / 1000).toFixed(1)} s` +
        (acceptMs !== undefined ? `, first lead accepted after ${(acceptMs / 1000).toFixed(1)} s` : ''),
    );
  }

  /** Posts lead n to one replica; returns the status (0: no connection). Accepted ids are recorded. */
  async function postTo(replica: Replica, n: number): Promise<number> {
    try {
      const response = await fetch(`${replica.url}/leads`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json', 'idempotency-key': `chaos-${tag}-${n}` },
        body: JSON.stringify(lead(n, tag)),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json().catch(() => ({}))) as { leadId?: string };
      if (response.status === 202 && body.leadId) accepted.add(body.leadId);
      else if (response.status !== 503) unexpectedAnswers.push(response.status);
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Lead n to the intake replicas in turn, failing over to the next on a refusal, until one accepts. */
  async function post(n: number): Promise<void> {
    const intakes = replicas.filter((r) => r.service === 'lead-intake');
    for (let attempt = 0; attempt < 600; attempt++) {
      const status = await postTo(intakes[(n + attempt) % intakes.length], n);
      if (status === 202) return;
      if (status !== 0 && status !== 503) return; // counted as unexpected
      failovers += 1;
      if (attempt % intakes.length === intakes.length - 1) await sleep(100);
    }
    unexpectedAnswers.push(-1); // never accepted
  }

  /** `count` leads at the configured rate; resolves when every post has been answered. */
  async function postLeads(count: number): Promise<void> {
    const interval = 1000 / options.rate;
    const t0 = now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      await sleep(Math.max(0, t0 + i * interval - now()));
      inFlight.push(post(posted++));
    }
    await Promise.all(inFlight);
  }

  async function assignedOf(ids: readonly string[]): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `select count(distinct lead_id) as n from event_store.events where event_type = 'LeadAssigned' and lead_id = any($1)`,
      [ids],
    );
    return Number(rows[0].n);
  }

  /** Waits until every lead accepted so far is assigned; false on timeout. */
  async function settle(what: string): Promise<number | undefined> {
    const ids = [...accepted];
    const t0 = now();
    const deadline = t0 + (options.settleTimeoutMs ?? 180_000);
    let last = -1;
    while (now() < deadline) {
      const assigned = await assignedOf(ids);
      if (assigned === ids.length) return now() - t0;
      if (assigned !== last) log(`  ${what}: ${assigned}/${ids.length} assigned`);
      last = assigned;
      await sleep(500);
    }
    return undefined;
  }

  async function sigterm(replica: Replica): Promise<void> {
    const t0 = now();
    let readyOffMs: number | undefined;
    let readyOffStatus: number | undefined;
    const exited = new Promise<number | null>((resolve) => replica.child.once('exit', (code) => resolve(code)));
    replica.child.kill('SIGTERM');
    const watching = (async () => {
      while (alive(replica.child) && readyOffMs === undefined) {
        const status = await statusOf(`${replica.url}/ready`);
        if (status !== 200 && alive(replica.child)) {
          readyOffMs = now() - t0;
          readyOffStatus = status;
        }
        await sleep(50);
      }
    })();
    const exitCode = await exited;
    await watching;
    stops.push({
      service: replica.service,
      replica: replica.name,
      signal: 'SIGTERM',
      exitCode,
      readyOffMs,
      readyOffStatus,
      exitMs: now() - t0,
    });
    log(
      `${replica.name} SIGTERM: /ready ${readyOffStatus ?? '—'} after ${readyOffMs === undefined ? '—' : `${Math.round(readyOffMs)} ms`}, ` +
        `exit ${exitCode} after ${Math.round(now() - t0)} ms`,
    );
  }

  async function sigkill(replica: Replica): Promise<void> {
    const t0 = now();
    replica.child.kill('SIGKILL');
    await new Promise((resolve) => (alive(replica.child) ? replica.child.once('exit', resolve) : resolve(undefined)));
    stops.push({ service: replica.service, replica: replica.name, signal: 'SIGKILL', exitCode: null, exitMs: now() - t0 });
    log(`${replica.name} SIGKILL`);
  }

  const quarter = Math.max(1, Math.floor(options.leads / 4));
  try {
    for (const service of CHAOS_SERVICES) {
      for (const name of ['a', 'b']) {
        const port = await freePort();
        replicas.push({
          service,
          name: `${service}-${name}`,
          port,
          url: `http://127.0.0.1:${port}`,
          child: undefined as unknown as TsProcess,
        });
      }
    }
    log(`starting ${replicas.length} processes`);
    await Promise.all(replicas.map((replica) => start(replica, 'first start')));
    const routing = replicas.find((r) => r.service === 'routing') as Replica;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${routing.url}/sdrs`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(inboundSdr('chaos', i)),
      });
      if (response.status !== 201) throw new Error(`registering an SDR answered ${response.status}: ${await response.text()}`);
    }
    const of = (name: 'a' | 'b') => replicas.filter((r) => r.name.endsWith(`-${name}`));

    log(`posting ${quarter} leads at ${options.rate}/s, then SIGTERM to the a replicas while posting ${quarter} more`);
    await postLeads(quarter);
    await Promise.all([
      postLeads(quarter),
      sleep(1000 * Math.min(2, quarter / options.rate / 3)).then(() => Promise.all(of('a').map(sigterm))),
    ]);
    const afterTerm = await settle('b replicas alone');
    log(`b replicas assigned everything accepted: ${afterTerm === undefined ? 'NO (timed out)' : `${(afterTerm / 1000).toFixed(1)} s`}`);
    await Promise.all(of('a').map((replica) => start(replica, 'SIGTERM')));

    log(`SIGKILL to the b replicas while posting ${quarter} leads`);
    await Promise.all([
      postLeads(quarter),
      sleep(1000 * Math.min(2, quarter / options.rate / 3)).then(() => Promise.all(of('b').map(sigkill))),
    ]);
    const afterKill = await settle('a replicas alone');
    log(`a replicas assigned everything accepted: ${afterKill === undefined ? 'NO (timed out)' : `${(afterKill / 1000).toFixed(1)} s`}`);
    await Promise.all(of('b').map((replica) => start(replica, 'SIGKILL')));

    log(`posting the last ${options.leads - 3 * quarter} leads across all replicas`);
    await postLeads(options.leads - 3 * quarter);
    const atEnd = await settle('all replicas');
    if (atEnd === undefined) log('the line did not assign everything accepted in time');

    let brokerOutage: ChaosReport['brokerOutage'];
    if (options.brokerOutage) {
      const outage = options.brokerOutage;
      const intakes = replicas.filter((r) => r.service === 'lead-intake');
      log(`stopping the broker for ${outage.downMs / 1000} s while posting at ${options.rate}/s`);
      await outage.stop();
      const acceptedBefore = accepted.size;
      const postedBefore = posted;
      const readiness: [number, number] = [0, 0];
      const down = now();
      const probing = (async () => {
        while (now() - down < outage.downMs) {
          for (const intake of intakes) readiness[(await statusOf(`${intake.url}/ready`)) === 200 ? 0 : 1] += 1;
          await sleep(500);
        }
      })();
      await postLeads(Math.max(1, Math.round((outage.downMs / 1000) * options.rate)));
      await probing;
      await sleep(Math.max(0, outage.downMs - (now() - down)));
      const outageAccepted = accepted.size - acceptedBefore;
      const outagePosted = posted - postedBefore;
      log(
        `broker down: ${outageAccepted} of ${outagePosted} leads accepted; intake /ready 200 ${readiness[0]} times, other ${readiness[1]}`,
      );
      await outage.start();
      const downMs = now() - down;
      const catchUp = await settle('after the broker returned');
      log(`the line caught up ${catchUp === undefined ? 'NOT in time' : `${(catchUp / 1000).toFixed(1)} s after the broker returned`}`);
      brokerOutage = {
        downMs,
        posted: outagePosted,
        accepted: outageAccepted,
        intakeReadiness: readiness,
        catchUpMs: catchUp ?? Number.NaN,
      };
    }

    const ids = [...accepted];
    const { rows } = await db.query<{ lead_id: string; event_type: string }>(
      `select lead_id, event_type from event_store.events where lead_id = any($1) and event_type = any($2)
        order by transaction_id, global_position`,
      [ids, LINE],
    );
    const ledgers = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const row of rows) ledgers.get(row.lead_id)?.push(row.event_type);
    const wrongLedgers = [...ledgers].filter(([, events]) => events.join() !== LINE.join()).map(([leadId, events]) => ({ leadId, events }));

    return {
      accepted: ids.length,
      wrongLedgers,
      unexpectedAnswers,
      failovers,
      stops,
      starts,
      survivorsCaughtUp: [afterTerm !== undefined, afterKill !== undefined],
      takeoverMs: [afterTerm ?? Number.NaN, afterKill ?? Number.NaN],
      brokerOutage,
      durationMs: now() - started,
      loadAverage: [loadAtStart, loadavg()[0]],
      runFrom: options.buildDir ? 'build' : 'sources',
    };
  } catch (error) {
    for (const replica of replicas) {
      if (replica.child) log(`--- ${replica.name} (last output)\n${replica.child.output().slice(-1500)}`);
    }
    throw error;
  } finally {
    // Graceful stop of whatever still runs, so the groups are left and the next run is not held up.
    await Promise.all(replicas.filter((r) => r.child).map((r) => killIfRunning(r.child, 'SIGTERM')));
    await db.end();
  }
}
