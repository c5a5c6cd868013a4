import fc from 'fast-check';
import type { FuzzTarget } from './fuzz-target';
import { fuzzRoutes } from './openapi-routes';
import { requestArbitrary, type FuzzBody, type FuzzRequest } from './request.arbitrary';

export interface FuzzTally {
  requests: number;
  /** Responses by status code. */
  readonly statuses: Map<number, number>;
  /** Requests by route template and attack class. */
  readonly routes: Map<string, number>;
  readonly attacks: Map<string, number>;
  /** Events appended while refused requests (4xx) were answered: must stay 0. */
  eventsFromRefused: number;
  readonly slowest: { ms: number; request: string }[];
}

export interface FuzzOptions {
  readonly requests: number;
  readonly seed?: number;
  /** Told each request's outcome (progress output of the tools script). */
  readonly onRequest?: (done: number) => void;
}

// The CSV parser's own answers to a file it cannot read: a client error, reported in the NDJSON stream.
const CSV_PARSE_ERROR =
  /(Invalid Closing Quote|Invalid Opening Quote|Max Record Size|Quote Not Closed|Invalid Record Length|Invalid Column Mapping):/;
/** Row outcomes that wrote something (a replayed row wrote nothing). */
const WRITTEN = new Set(['accepted', 'duplicate', 'recorded']);

function describe(request: FuzzRequest): string {
  const body =
    request.body.kind === 'json'
      ? `${request.body.contentType} ${request.body.text.length > 300 ? `${request.body.text.slice(0, 300)}… (${request.body.text.length} chars)` : request.body.text}`
      : request.body.kind;
  return `${request.method} ${request.target} [${request.attack}] ${body}`;
}

function fetchBody(body: FuzzBody): { body?: string | Buffer | FormData; headers: Record<string, string> } {
  switch (body.kind) {
    case 'json':
      return { body: body.text, headers: { 'content-type': body.contentType } };
    case 'csv':
      return { body: Buffer.from(body.file.bytes), headers: { 'content-type': 'text/csv' } };
    case 'form': {
      const form = new FormData();
      for (const [name, value] of body.fields) form.append(name, value);
      if (body.file) form.append('file', new Blob([Buffer.from(body.file.bytes)], { type: 'text/csv' }), 'fuzz.csv');
      return { body: form, headers: {} };
    }
    case 'none':
      return { headers: {} };
  }
}

/** Whether a streamed import's NDJSON reports a server fault, and whether any of its rows wrote something. */
function readImportStream(text: string): { fault?: string; wrote: boolean } {
  let wrote = false;
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const answer = JSON.parse(line) as { type?: string; outcome?: string; replayed?: boolean; message?: string };
    if (answer.type === 'row' && WRITTEN.has(answer.outcome ?? '') && answer.replayed !== true) wrote = true;
    if (answer.type === 'error' && !CSV_PARSE_ERROR.test(answer.message ?? '')) return { fault: `error line: ${answer.message}`, wrote };
  }
  return { wrote };
}

/** Sends one request and returns what is wrong with the answer, if anything. */
async function check(target: FuzzTarget, request: FuzzRequest, tally: FuzzTally): Promise<string | undefined> {
  const before = await target.countEvents();
  const started = performance.now();
  let status: number;
  let text: string;
  let contentType: string;
  try {
    const { body, headers } = fetchBody(request.body);
    const response = await fetch(`${target.url}${request.target}`, {
      method: request.method,
      headers: { ...target.auth, ...headers },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    text = await response.text();
  } catch (error) {
    return `no answer: ${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`;
  }
  const ms = performance.now() - started;
  const written = (await target.countEvents()) - before;
  tally.requests++;
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  tally.routes.set(`${request.method} ${request.template}`, (tally.routes.get(`${request.method} ${request.template}`) ?? 0) + 1);
  tally.attacks.set(request.attack, (tally.attacks.get(request.attack) ?? 0) + 1);
  tally.slowest.push({ ms, request: describe(request).slice(0, 160) });
  tally.slowest.sort((a, b) => b.ms - a.ms).splice(5);

  if (status >= 500) return `answered ${status}: ${text.slice(0, 500)}`;
  if (status >= 400 && written > 0) {
    tally.eventsFromRefused += written;
    return `answered ${status} but ${written} event(s) were appended`;
  }
  if (contentType.startsWith('application/x-ndjson')) {
    const stream = readImportStream(text);
    if (stream.fault && request.attack !== 'csv-garbage') return stream.fault;
    if (!stream.wrote && written > 0) return `no row was written but ${written} event(s) were appended`;
  }
  return undefined;
}

/**
 * Generated requests to every POST and PATCH route of the target's OpenAPI document (a property
 * checked with fast-check): no answer is a server error, and a refused request appends no event.
 * Throws with the (shrunk) counterexample and the seed to replay it.
 */
export async function fuzzHttp(target: FuzzTarget, options: FuzzOptions): Promise<FuzzTally> {
  const routes = fuzzRoutes(target.document);
  const tally: FuzzTally = { requests: 0, statuses: new Map(), routes: new Map(), attacks: new Map(), eventsFromRefused: 0, slowest: [] };
  await fc.assert(
    fc.asyncProperty(requestArbitrary(routes, target.document, target.knownIds), async (request) => {
      const problem = await check(target, request, tally);
      options.onRequest?.(tally.requests);
      if (problem) throw new Error(`${describe(request)}\n  → ${problem}`);
    }),
    { numRuns: options.requests, seed: options.seed, endOnFailure: false, verbose: 0 },
  );
  return tally;
}

export { fuzzRoutes };
