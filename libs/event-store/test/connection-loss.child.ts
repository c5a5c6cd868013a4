// A writer, a processor and a LISTEN session in their own process, for the connection-loss test:
// it appends <count> events (retrying an append whose connection was lost: event ids make that
// idempotent) while the parent terminates its backends, waits until the processor has applied
// them all, prints DONE and exits 0. An unhandled 'error' from a pg client would end it first.
import { setTimeout as sleep } from 'node:timers/promises';
import { createPgDatabase, DatabaseUnavailableError, deriveEventId, EVENTS_CHANNEL, PostgresEventStore, Processor } from '../src';

async function main(): Promise<void> {
  const [url, count] = [process.argv[2], Number(process.argv[3])];
  const db = await createPgDatabase(url, { applicationName: 'connection-loss-child', poolSize: 4 });
  const store = await PostgresEventStore.create(db);
  await db.query('create table if not exists effects (event_id uuid not null, n integer not null)');
  let notified = 0;
  await db.listen(EVENTS_CHANNEL, () => notified++);
  const processor = new Processor(db, store, {
    id: 'connection-loss',
    categories: ['work'],
    batchSize: 20,
    pollIntervalMs: 50,
    lockRetryMs: 100,
    handle: async (events, { tx }) => {
      for (const event of events)
        await tx.query('insert into effects (event_id, n) values ($1, $2)', [event.id, (event.data as { n: number }).n]);
    },
  });
  await processor.start();
  process.stdout.write('STARTED\n');

  let retries = 0;
  for (let n = 0; n < count; n++) {
    const event = { id: deriveEventId('connection-loss', String(n)), type: 'Worked', data: { n } };
    for (;;) {
      try {
        await store.appendToStream(`work-${n % 7}`, [event]);
        break;
      } catch (error) {
        if (!(error instanceof DatabaseUnavailableError)) throw error;
        retries++;
        await sleep(50);
      }
    }
    await sleep(15);
  }
  await processor.waitForIdle(60_000);
  process.stdout.write(`DONE retries=${retries} notified=${notified}\n`);
  await processor.stop();
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
