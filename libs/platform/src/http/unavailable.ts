import type { IncomingMessage, ServerResponse } from 'node:http';

/** Paths that always answer: liveness stays 200 and readiness says what it must, whatever holds other requests back. */
const PROBES = new Set(['/health', '/ready']);

/** Whether the request is a liveness or readiness probe (its path without the query). */
export function isProbe(request: IncomingMessage): boolean {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return PROBES.has(query === -1 ? url : url.slice(0, query));
}

/** Answers 503 with `Retry-After` and a JSON problem (nothing of the request is read). */
export function answerUnavailable(
  response: ServerResponse,
  retryAfterSeconds: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.statusCode = 503;
  response.setHeader('Retry-After', String(retryAfterSeconds));
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message }));
}

/** Runs `done` once, when the response has been sent or its connection closed, whichever comes first. */
export function onceAnswered(response: ServerResponse, done: () => void): void {
  let pending = true;
  const once = () => {
    if (!pending) return;
    pending = false;
    done();
  };
  response.once('finish', once);
  response.once('close', once);
}
