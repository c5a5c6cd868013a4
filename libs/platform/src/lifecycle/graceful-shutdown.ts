import type { INestApplication, LoggerService } from '@nestjs/common';
import { shutdownTracing } from '../observability/tracing';
import { Drain } from './drain';

/** SHUTDOWN_GRACE_MS and SHUTDOWN_DELAY_MS (PlatformConfig). */
export interface ShutdownTimings {
  readonly graceMs: number;
  readonly delayMs: number;
}

/**
 * The shutdown a SIGTERM starts (bootstrapService; tests call it directly):
 * 0. readiness answers 503; for `delayMs` requests are still served (a load balancer polling readiness stops
 *    sending meanwhile; in Kubernetes the preStop sleep does this, and the delay is 0);
 * 1. every request but the probes is refused with 503 + Retry-After;
 * 2. the requests already in flight are answered;
 * 3. the application closes (PlatformLifecycle): the reactions finish the chunk of events in hand,
 *    commit it (database transaction, then the Kafka offsets) and leave their consumer groups; the
 *    relay finishes the send in hand and checkpoints it; the timers stop; then the HTTP server and
 *    the database connections close;
 * 4. the spans still buffered are exported (when tracing is on).
 */
export async function shutDownGracefully(app: INestApplication, delayMs = 0): Promise<void> {
  const drain = app.get(Drain);
  drain.announce();
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  drain.begin();
  await drain.idle();
  await app.close();
  await shutdownTracing();
}

/**
 * On SIGTERM or SIGINT: `shutDownGracefully`, then exit 0; when it has not finished within
 * `graceMs` (the delay included), or fails, exit 1 (the orchestrator's SIGKILL would come anyway;
 * this says why first). A second signal while stopping exits 1 at once.
 */
export function exitGracefullyOnSignals(app: INestApplication, { graceMs, delayMs }: ShutdownTimings, logger: LoggerService): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again while shutting down: exiting now`, 'Shutdown');
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    const delay = delayMs > 0 ? `, serving ${delayMs} ms more while /ready answers 503` : '';
    logger.log(`${signal}: draining (grace ${graceMs} ms${delay})`, 'Shutdown');
    const overdue = setTimeout(() => {
      logger.error(`Shutdown did not finish within ${graceMs} ms (SHUTDOWN_GRACE_MS): exiting with 1`, undefined, 'Shutdown');
      process.exit(1);
    }, graceMs);
    shutDownGracefully(app, delayMs).then(
      () => {
        clearTimeout(overdue);
        logger.log(`Stopped cleanly in ${Date.now() - started} ms`, 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(overdue);
        logger.error('Shutdown failed', error instanceof Error ? error.stack : String(error), 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
