/** SQLSTATEs of a server that ended or refused the session: 57P01 admin shutdown (pg_terminate_backend), crash, starting up, too many connections. */
const LOST_SESSION_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// `pg` reports a socket that closed under it, or a client that already failed, by message only.
const LOST_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
];

/** True when the error says the connection is gone, not that the statement was wrong. */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_SESSION_CODES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))) return true;
  return LOST_MESSAGES.some((message) => error.message.startsWith(message));
}
