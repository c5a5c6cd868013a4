/**
 * The pipeline benchmark's embedded sibling: inbound leads at fixed rates through `npm start` (every service in
 * one process on PGlite), captured → enriched → scored → assigned.
 *
 *   npm run bench:pipeline:embedded -- [--rates 20,50,100] [--duration-s 20] [--drain-timeout-s 120]
 *
 *   --rates a,b,c       leads per second, one run each on the same platform, in this order (default 20,50,100)
 *   --duration-s S      seconds of load per rate (default 20)
 *   --drain-timeout-s S how long to wait after a rate's last post for its accepted leads to be assigned (default 120)
 *   --sdrs K            inbound SDRs registered (default 20, 24/7, capacity never blocks)
 *   --floor-samples N   sequential autocommitted one-row inserts on a scratch PGlite in this process (default 500)
 *   --settle-s S        idle seconds before the first rate, measured as the idle row (default 10)
 *   --cpu-prof DIR      a V8 CPU profile of the platform per rate, load and drain (DIR/embedded-<rate>.cpuprofile)
 *   --compiled          run what `npm start` runs (the compiled build through tools/start-platform.sh and its
 *                       PLATFORM_NODE_FLAGS); default: the TypeScript sources through tools/register.cjs (SWC, V8 defaults)
 *   BENCH_SQL_TALLY=1   also list, per rate, the statements that committed most often
 *
 * Per rate: open-loop POST /leads (each request leaves at its planned time on undici's keep-alive fetch); answers
 * counted as accepted (202), pushed back (503 or 429, with Retry-After; when they were sent, by 5-s window, and the
 * refusals' messages: the admission gate's or the intake backlog's) or failed (anything else, transport errors
 * included). While the load runs, GET /status every 5 s (one lag statement per processor): the five processors
 * furthest behind, in seconds, and when. Latency = LeadAssigned.recorded_at − LeadCaptured.recorded_at of each
 * accepted lead (one clock, the platform's). Sustained = assigned / (last assignment − first capture). CPU and
 * commits per lead cover the load and the drain; commits are PGlite's autocommitted statements and transactions,
 * counted in the platform process.
 * The 1-minute load average is printed with every row: the machine is shared.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { generateApiKey } from '@leadline/platform';
import {
  benchLogger,
  cleanUpOnSignals,
  cleanup,
  costsBetween,
  embeddedCpuProfile,
  embeddedSql,
  embeddedStats,
  onCleanup,
  runBench,
  sleep,
  startEmbedded,
  tallyBetween,
} from './support/bench-infra';
import { inboundLead, inboundSdr } from './support/lead-fixtures';
import { cpuSeconds, dist, f1, f2, loadAverage, parseFlags, rssMiB, type Dist } from './support/proc-stats';

const log = benchLogger('bench:pipeline:embedded');
const ADMIN_KEY = generateApiKey().key;
const nowMs = () => performance.timeOrigin + performance.now();

/** A distinct person, phone and company domain per n. */
const lead = (n: number) => inboundLead(n, { prefix: 'bench', tag: '', firstName: 'Pat', lastName: 'Prospect', exchange: 200 });

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function pgliteCommitFloor(samples: number): Promise<Dist> {
  const db = await PGlite.create();
  await db.query('create table floor_scratch (id bigserial primary key, payload text not null)');
  const times: number[] = [];
  for (let i = 0; i < samples + 20; i++) {
    const t = performance.now();
    await db.query('insert into floor_scratch (payload) values ($1)', [`floor-${i}`]);
    if (i >= 20) times.push(performance.now() - t);
  }
  await db.close();
  return dist(times);
}

interface Answer {
  status: number;
  answerMs: number;
  leadId?: string;
  retryAfter?: string;
  /** When the request left, in ms after the rate's first one. */
  sentAfterMs: number;
  /** A refusal's message. */
  reason?: string;
}

interface RateResult {
  rate: number;
  posted: number;
  accepted: number;
  pushedBack: number;
  failed: number;
  assigned: number;
  latency: Dist;
  /** Each hop's share of capture → assigned: captured → enriched → scored → assigned (recorded_at, the platform's clock). */
  hops: [Dist, Dist, Dist];
  httpAnswer: Dist;
  pushedBackAnswer: Dist;
  sustained: number;
  cpuMsPerLead: number;
  commitsPerLead: number;
  rssEnd: number;
  rssPeak: number;
  load: [number, number];
}

/** When the pushed-back requests were sent (by 5-s window of the load) and what they were told ("" when none were). */
function whenPushedBack(pushed: readonly Answer[]): string {
  if (pushed.length === 0) return '';
  const windows = new Map<number, number>();
  const reasons = new Map<string, number>();
  for (const answer of pushed) {
    const from = Math.floor(answer.sentAfterMs / 5000) * 5;
    windows.set(from, (windows.get(from) ?? 0) + 1);
    const reason = answer.reason ?? '(no message)';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const when = [...windows].sort(([a], [b]) => a - b).map(([from, n]) => `${from}–${from + 5} s: ${n}`);
  return ` (sent in ${when.join(', ')}; ${[...reasons].map(([reason, n]) => `${n} told "${reason}"`).join(', ')})`;
}

/** Samples GET /status every 5 s while the load runs; `stop` gives the 5 processors that were furthest behind, in seconds. */
function watchLag(base: string): { stop(): string } {
  const worst = new Map<string, { seconds: number; at: number }>();
  const started = performance.now();
  const timer = setInterval(() => {
    const at = (performance.now() - started) / 1000;
    void fetch(`${base}/status`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
      .then((r) => r.json() as Promise<{ processors?: Array<{ name: string; lagSeconds: number }> }>)
      .then((status) => {
        for (const p of status.processors ?? []) {
          if (p.lagSeconds > (worst.get(p.name)?.seconds ?? 0)) worst.set(p.name, { seconds: p.lagSeconds, at });
        }
      })
      .catch(() => undefined);
  }, 5000);
  return {
    stop() {
      clearInterval(timer);
      return [...worst]
        .sort((a, b) => b[1].seconds - a[1].seconds)
        .slice(0, 5)
        .map(([name, w]) => `${name} ${w.seconds.toFixed(1)} s (at ${w.at.toFixed(0)} s)`)
        .join(', ');
    },
  };
}

async function runRate(
  base: string,
  platform: Awaited<ReturnType<typeof startEmbedded>>,
  rate: number,
  durationS: number,
  drainS: number,
  offset: number,
  profDir: string | undefined,
): Promise<RateResult> {
  const pid = platform.child.pid;
  const count = Math.round(rate * durationS);
  const load0 = loadAverage();
  const cpu0 = cpuSeconds(pid);
  const stats0 = await embeddedStats(platform.child);
  const commits0 = stats0.commits;
  let rssPeak = rssMiB(pid);
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 1000);
  const lagging = watchLag(base);
  if (profDir) await embeddedCpuProfile(platform.child, 'start');
  const answers: Answer[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now() + 50;
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = nowMs();
    const sentAfterMs = performance.now() - t0;
    pending.push(
      fetch(`${base}/leads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(lead(offset + i)),
      }).then(
        async (response) => {
          const json = (await response.json().catch(() => ({}))) as { leadId?: string; message?: string };
          answers.push({
            status: response.status,
            answerMs: nowMs() - sent,
            leadId: json.leadId,
            retryAfter: response.headers.get('retry-after') ?? undefined,
            sentAfterMs,
            reason: response.status === 202 ? undefined : json.message,
          });
        },
        () => void answers.push({ status: 0, answerMs: nowMs() - sent, sentAfterMs }),
      ),
    );
  }
  await Promise.all(pending);
  const lags = lagging.stop();
  const accepted = answers.filter((a) => a.status === 202 && a.leadId).map((a) => a.leadId as string);
  const pushed = answers.filter((a) => a.status === 503 || a.status === 429);
  log(`  ${rate}/s: posted ${count}, accepted ${accepted.length}, pushed back ${pushed.length}${whenPushedBack(pushed)}; draining ...`);
  if (lags) log(`  ${rate}/s: the processors furthest behind during the load (GET /status every 5 s): ${lags}`);
  const deadline = performance.now() + drainS * 1000;
  let assigned = 0;
  for (;;) {
    const rows = await embeddedSql<{ n: number }>(
      platform.child,
      `select count(distinct lead_id)::int as n from event_store.events where event_type = 'LeadAssigned' and lead_id = any($1::text[])`,
      [accepted],
    );
    assigned = rows[0]?.n ?? 0;
    if (assigned >= accepted.length || performance.now() > deadline) break;
    await sleep(1000);
  }
  clearInterval(sampler);
  const cpu = cpuSeconds(pid) - cpu0;
  if (profDir) {
    const path = join(profDir, `embedded-${rate}.cpuprofile`);
    await embeddedCpuProfile(platform.child, 'stop', path);
    log(`  ${rate}/s: CPU profile in ${path}`);
  }
  const stats1 = await embeddedStats(platform.child);
  const commits = stats1.commits - commits0;
  if (stats1.top) log(`  ${rate}/s: what committed (BENCH_SQL_TALLY=1)\n${tallyBetween(stats0, stats1).join('\n')}`);
  if (stats1.costs) log(`  ${rate}/s: time inside PGlite by statement\n${costsBetween(stats0, stats1, Math.max(1, assigned)).join('\n')}`);
  const times = await embeddedSql<{ captured: number; enriched: number | null; scored: number | null; assigned: number | null }>(
    platform.child,
    `select extract(epoch from min(recorded_at) filter (where event_type = 'LeadCaptured')) * 1000 as captured,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadEnriched')) * 1000 as enriched,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadScored')) * 1000 as scored,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadAssigned')) * 1000 as assigned
       from event_store.events where lead_id = any($1::text[]) group by lead_id`,
    [accepted],
  );
  const done = times
    .filter((t) => t.assigned !== null)
    .map((t) => ({ captured: Number(t.captured), enriched: Number(t.enriched), scored: Number(t.scored), assigned: Number(t.assigned) }));
  const span = (Math.max(...done.map((t) => t.assigned)) - Math.min(...done.map((t) => t.captured))) / 1000;
  return {
    rate,
    posted: count,
    accepted: accepted.length,
    pushedBack: pushed.length,
    failed: answers.length - accepted.length - pushed.length,
    assigned,
    latency: dist(done.map((t) => t.assigned - t.captured)),
    hops: [
      dist(done.map((t) => t.enriched - t.captured)),
      dist(done.map((t) => t.scored - t.enriched)),
      dist(done.map((t) => t.assigned - t.scored)),
    ],
    httpAnswer: dist(answers.filter((a) => a.status === 202).map((a) => a.answerMs)),
    pushedBackAnswer: dist(pushed.map((a) => a.answerMs)),
    sustained: done.length / span,
    cpuMsPerLead: (1000 * cpu) / Math.max(1, assigned),
    commitsPerLead: commits / Math.max(1, assigned),
    rssEnd: rssMiB(pid),
    rssPeak,
    load: [load0, loadAverage()],
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const rates = (flags.get('rates') ?? '20,50,100').split(',').map(Number);
  const durationS = Number(flags.get('duration-s') ?? 20);
  const drainS = Number(flags.get('drain-timeout-s') ?? 120);
  const sdrs = Number(flags.get('sdrs') ?? 20);
  const settleS = Number(flags.get('settle-s') ?? 10);
  const profDir = flags.get('cpu-prof') && resolve(flags.get('cpu-prof') as string);
  const compiled = flags.has('compiled');
  if (profDir) mkdirSync(profDir, { recursive: true });
  cleanUpOnSignals(log);

  log(`floor: ${flags.get('floor-samples') ?? 500} sequential autocommitted inserts on a scratch PGlite ...`);
  const floor = await pgliteCommitFloor(Number(flags.get('floor-samples') ?? 500));
  log(`  PGlite commit p50 ${f2(floor.p50)} · p99 ${f2(floor.p99)} ms`);

  const dataDir = mkdtempSync(join(tmpdir(), 'll-bench-embedded-'));
  onCleanup(`remove ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  const platform = await startEmbedded(
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn', AUTH_ADMIN_KEY: ADMIN_KEY, DEMO_ORG: 'false', INTAKE_RATE_LIMIT: '0', PROMETHEUS_PORT: '0' },
    log,
    undefined,
    compiled ? 'compiled' : 'transpiled',
  );
  const base = `http://127.0.0.1:${platform.port}`;
  for (let i = 0; i < sdrs; i++) {
    const { status, json } = await post(`${base}/sdrs`, inboundSdr('bench', i));
    if (status !== 201) throw new Error(`POST /sdrs answered ${status}: ${JSON.stringify(json)}`);
  }
  log(`registered ${sdrs} SDRs; idle ${settleS} s ...`);
  const idleCpu0 = cpuSeconds(platform.child.pid);
  const idleCommits0 = (await embeddedStats(platform.child)).commits;
  await sleep(settleS * 1000);
  const idle = {
    cpu: (cpuSeconds(platform.child.pid) - idleCpu0) / settleS,
    commits: ((await embeddedStats(platform.child)).commits - idleCommits0) / settleS,
  };

  const results: RateResult[] = [];
  let offset = 0;
  for (const rate of rates) {
    results.push(await runRate(base, platform, rate, durationS, drainS, offset, profDir));
    offset += Math.round(rate * durationS);
  }
  const totalLeads = offset;
  await cleanup(log);

  const args = process.argv.slice(2).join(' ');
  const out = [
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — npm run bench:pipeline:embedded -- ${args}`,
    `Platform: ${compiled ? `npm start's compiled build through tools/start-platform.sh (PLATFORM_NODE_FLAGS ${JSON.stringify(process.env.PLATFORM_NODE_FLAGS ?? 'default')})` : 'the TypeScript sources through tools/register.cjs (SWC), V8 defaults'}.`,
    `Floor: PGlite autocommitted insert p50 ${f2(floor.p50)} / p99 ${f2(floor.p99)} ms. Idle before the load (${settleS} s, ${sdrs} SDRs): ${f2(100 * idle.cpu)} % of a core, ${f2(idle.commits)} commits/s. ${totalLeads} leads posted in all.`,
    '',
    '| rate /s | posted | accepted / pushed back / failed | assigned | capture → assigned p50 / p95 / p99 ms | sustained /s | 202 answer p50 / p99 ms | 503 answer p99 ms | CPU ms / lead | commits / lead | RSS end / peak MiB | load avg |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.rate} | ${r.posted} | ${r.accepted} / ${r.pushedBack} / ${r.failed} | ${r.assigned} | ${f1(r.latency.p50)} / ${f1(r.latency.p95)} / ${f1(r.latency.p99)} | ${f1(r.sustained)} | ${f1(r.httpAnswer.p50)} / ${f1(r.httpAnswer.p99)} | ${f1(r.pushedBackAnswer.p99)} | ${f1(r.cpuMsPerLead)} | ${f1(r.commitsPerLead)} | ${f1(r.rssEnd)} / ${f1(r.rssPeak)} | ${r.load.map((l) => l.toFixed(1)).join(' → ')} |`,
    ),
    '',
    "Per hop (recorded_at of each event: its transaction's start), p50 / p95 ms: captured → enriched · enriched → scored · scored → assigned",
    '',
    ...results.map((r) => `- ${r.rate}/s: ${r.hops.map((h) => `${f1(h.p50)} / ${f1(h.p95)}`).join(' · ')}`),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

runBench(main, log);
