import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The header a caller may send a request id in, and the response echoes. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const requestLoggers = new AsyncLocalStorage<Logger>();
// A caller's id is kept when it looks like an id; anything else (too long, odd characters) is replaced.
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The current request's logger (its lines carry `request_id`), if a request is being handled. */
export function requestLogger(): Logger | undefined {
  return requestLoggers.getStore();
}

/**
 * Express middleware (first in the chain): gives every request an id (the caller's X-Request-Id or a
 * new UUID), echoes it in the response, runs the request with a logger that adds `request_id` to each
 * line, and logs the outcome: 5xx at error, 4xx at info, the rest at debug. Lines name the method
 * and path, never the query, headers or body.
 */
export function requestLogging(root: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const middleware = pinoHttp({
    logger: root,
    genReqId: (req, res) => {
      const sent = req.headers['x-request-id'];
      const id = typeof sent === 'string' && ACCEPTED_REQUEST_ID.test(sent) ? sent : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'request_id' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, res, value: { responseTime: number }) => outcome(req, res, value.responseTime),
    customErrorObject: (req, res, err, value: { responseTime: number }) => ({ ...outcome(req, res, value.responseTime), err }),
  });
  return (req, res, next) => middleware(req, res, () => requestLoggers.run((req as IncomingMessage & { log: Logger }).log, next));
}

function outcome(req: IncomingMessage, res: ServerResponse, durationMs: number): Record<string, unknown> {
  return { method: req.method, path: pathOf(req), status: res.statusCode, duration_ms: durationMs };
}

function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
