import type { LoggerService } from '@nestjs/common';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';

/**
 * Runs `start` until it succeeds, waiting 0.5 s, then longer up to 10 s, between attempts, and
 * logging each failure; stops trying once `signal` aborts (the promise then rejects). What the
 * platform connects this way (the Kafka relay, the reactions' transport) never holds up the HTTP
 * server: health, readiness and intake answer while it connects.
 */
export function startInBackground(what: string, start: () => Promise<void>, signal: AbortSignal, logger: LoggerService): Promise<void> {
  const policy = retry(handleAll, {
    maxAttempts: Number.POSITIVE_INFINITY,
    backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 10_000 }),
  });
  policy.onRetry(({ delay, ...outcome }) => {
    if (signal.aborted) return;
    const reason = 'error' in outcome ? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : 'no result';
    logger.warn(`${what} could not start (${reason}); trying again in ${Math.round(delay)} ms`);
  });
  return policy.execute(async () => {
    if (signal.aborted) throw new Error(`${what}: stopped before it started`);
    await start();
  }, signal);
}
