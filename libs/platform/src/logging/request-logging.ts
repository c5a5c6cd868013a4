import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';

/** The header a caller may send a request id in, and the response echoes. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A request being handled: its id, and its logger once something asked for it. */
interface RequestScope {
  readonly root: Logger;
  readonly id: string;
  logger?: Logger;
  /** The outcome line's level when the handler chose it (logOutcomeAt), instead of the status's. */
  outcomeLevel?: Level;
}

const requests = new AsyncLocalStorage<RequestScope>();
// A caller's id is kept when it looks like an id; anything else (too long, odd characters) is replaced.
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The current request's logger (its lines carry `request_id`), if a request is being handled. */
export function requestLogger(): Logger | undefined {
  const scope = requests.getStore();
  return scope && loggerOf(scope);
}

/**
 * Logs the current request's answer at `level` instead of at its status's: for an answer that is expected though not
 * a success (`GET /ready` 503 while the process starts). A connection closed before the answer stays at `info`.
 * Outside a request, nothing.
 */
export function logOutcomeAt(level: Level): void {
  const scope = requests.getStore();
  if (scope) scope.outcomeLevel = level;
}

/**
 * Express middleware (first in the chain): gives every request an id (the caller's X-Request-Id or a
 * new UUID), echoes it in the response, runs the request with a logger that adds `request_id` to each
 * line, and logs the outcome: 5xx at error, 4xx at info, the rest at debug, unless the handler chose
 * another level (logOutcomeAt); a request whose connection closed before its answer was sent at info.
 * Lines name the method and path, never the query, headers or body.
 *
 * Cheap when nothing is logged: the request's child logger is made only when a line is written in the
 * request, and the outcome line's fields only when its level is enabled (pino-http, used before, bound
 * a serialised, redacted copy of every request to a child logger it never wrote with).
 */
export function requestLogging(root: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const sent = req.headers['x-request-id'];
    const id = typeof sent === 'string' && ACCEPTED_REQUEST_ID.test(sent) ? sent : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    const scope: RequestScope = { root, id };
    const started = Date.now();
    res.once('close', () => logOutcome(scope, req, res, started));
    requests.run(scope, next);
  };
}

function loggerOf(scope: RequestScope): Logger {
  scope.logger ??= scope.root.child({ request_id: scope.id });
  return scope.logger;
}

function logOutcome(scope: RequestScope, req: IncomingMessage, res: ServerResponse, started: number): void {
  const answered = res.writableFinished;
  const status = res.statusCode;
  const level: Level = !answered ? 'info' : (scope.outcomeLevel ?? (status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug'));
  if (!scope.root.isLevelEnabled(level)) return;
  const path = pathOf(req);
  const fields = { method: req.method, path, status, duration_ms: Date.now() - started, ...(answered ? {} : { aborted: true }) };
  loggerOf(scope)[level](fields, `${req.method} ${path} ${answered ? status : 'closed before the answer was sent'}`);
}

function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
