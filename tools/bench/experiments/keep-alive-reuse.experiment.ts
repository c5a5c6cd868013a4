/**
 * Local experiment: does a keep-alive client see ECONNRESET from lead-intake when it reuses a connection that intake
 * is closing for idleness? One lead-intake process of this checkout (PostgreSQL + Kafka, no other service), with
 * HTTP_KEEP_ALIVE_TIMEOUT_MS=5000 (Node's default, intake's until 2026-12-06): it answers `Keep-Alive: timeout=5` and
 * closes an idle connection 5 s + 1 s (Node's internal buffer) after its last answer. For each client below, C agents (one connection each) post a capture, stay idle until IDLE_MS after
 * the answers, the last BLOCK_MS of it with the event loop blocked (as a load generator or gateway busy at hundreds
 * of requests a second is when intake's FIN comes in), then post a second capture on the same agent:
 *
 *   plain  `new Agent({ keepAlive: true })`, as bench:pipeline had it: with no `timeout` of its own, Node's agent
 *          does not apply the server's Keep-Alive hint, so a free connection is kept until the server closes it
 *   hint   the same with `timeout` set: Node's agent then closes a free connection 1 s before the hint runs out
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres KAFKA_BROKERS=HOST:PORT \
 *     node -r ./tools/register.cjs tools/bench/experiments/keep-alive-reuse.experiment.ts [C] [IDLE_MS] [BLOCK_MS]
 *
 * Prints per client the second posts' answers by status or transport failure code, and how many went over a reused
 * connection. See docs/benchmarks.md, "Keep-alive resets at 500 leads/s".
 */
import { Agent, request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateApiKey } from '@leadline/platform';
import { cleanup, createBenchDatabase, runBench, sleep, startServices } from '../support/bench-infra';
import { inboundLead } from '../support/lead-fixtures';

interface Outcome {
  readonly answer: string;
  readonly reused: boolean;
  readonly keepAlive?: string;
}

function post(agent: Agent, url: string, key: string, n: number): Promise<Outcome> {
  const body = JSON.stringify(inboundLead(n, { prefix: 'ka', tag: 'k', firstName: 'Kim', lastName: 'Alive', exchange: 301 }));
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/leads`,
      {
        agent,
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ answer: String(response.statusCode), reused: req.reusedSocket, keepAlive: String(response.headers['keep-alive']) }),
        );
        response.on('error', (error: Error & { code?: string }) =>
          resolve({ answer: error.code ?? error.message, reused: req.reusedSocket }),
        );
      },
    );
    req.on('error', (error: Error & { code?: string }) => resolve({ answer: error.code ?? error.message, reused: req.reusedSocket }));
    req.end(body);
  });
}

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: timers and socket events wait, as they do in a process that is busy
  }
}

async function main(): Promise<void> {
  const clients = Number(process.argv[2] ?? 20);
  const idleMs = Number(process.argv[3] ?? 6_600);
  const blockMs = Number(process.argv[4] ?? 1_400);
  const db = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'll_keep_alive');
  const key = generateApiKey().key;
  const [intake] = await startServices(
    ['lead-intake'],
    {
      DATABASE_URL: db.url,
      AUTH_ADMIN_KEY: key,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19094',
      KAFKA_TOPIC_PREFIX: `ll-keep-alive-${randomBytes(3).toString('hex')}.`,
      LOG_LEVEL: 'warn',
      INTAKE_RATE_LIMIT: '0',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000',
    },
    () => undefined,
  );
  const url = `http://127.0.0.1:${intake.port}`;
  let n = 0;
  const kinds: Record<string, () => Agent> = {
    plain: () => new Agent({ keepAlive: true, maxSockets: 1 }),
    hint: () => new Agent({ keepAlive: true, maxSockets: 1, timeout: 60_000 }),
  };
  for (const [name, make] of [...Object.entries(kinds), ...Object.entries(kinds)]) {
    const agents = Array.from({ length: clients }, make);
    const first = await Promise.all(agents.map((agent) => post(agent, url, key, n++)));
    const answered = performance.now();
    await sleep(Math.max(0, idleMs - blockMs));
    blockFor(Math.max(0, answered + idleMs - performance.now()));
    const second = await Promise.all(agents.map((agent) => post(agent, url, key, n++)));
    for (const agent of agents) agent.destroy();
    const count = (outcomes: Outcome[]) =>
      JSON.stringify(outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.answer]: (acc[o.answer] ?? 0) + 1 }), {}));
    process.stdout.write(
      `${name}: first ${count(first)} (Keep-Alive: ${first[0]?.keepAlive ?? 'none'}); after ${idleMs} ms idle (last ${blockMs} ms blocked): ${count(second)}, ${second.filter((o) => o.reused).length} of ${clients} on a reused connection\n`,
    );
  }
  await cleanup();
}

runBench(main, (message) => process.stderr.write(`${message}\n`));
