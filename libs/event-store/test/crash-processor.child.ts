// A processor in its own process, for the crash test: `crash` mode stops forever right after
// the effect of event n=<crashAt> and before its checkpoint commits, so the parent can SIGKILL it;
// `finish` mode runs until the log is drained, then exits. With <checkpointEveryMs> it is an at-least-once
// processor storing its checkpoint at most that often (effects autocommitted, a repeat recorded as another row),
// and in `crash` mode, once idle (its checkpoint stored), it appends events n=30..59 itself and handles them
// (stopping at <crashAt> once all are appended).
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore, Processor } from '../src';
import { openDatabase, type Driver } from './test-store';

async function main(): Promise<void> {
  const [driver, location, mode, crashAt, checkpointEveryMs] = process.argv.slice(2) as [
    Driver,
    string,
    'crash' | 'finish',
    string,
    string?,
  ];
  const deferred = checkpointEveryMs !== undefined;
  // Deferred: the crash waits for the child's own appends (all 60 events in the log before the kill).
  let appended = (): void => undefined;
  const appendsDone = deferred ? new Promise<void>((resolve) => (appended = resolve)) : Promise.resolve();
  const db = await openDatabase(driver, location);
  const store = await PostgresEventStore.create(db);
  await db.query('create table if not exists effects (event_id uuid not null, n integer not null)');
  const processor = new Processor(db, store, {
    id: 'crash-test',
    categories: ['crash'],
    batchSize: 10,
    pollIntervalMs: 20,
    lockRetryMs: 100,
    ...(deferred ? { mode: 'at-least-once' as const, checkpointEveryMs: Number(checkpointEveryMs) } : {}),
    handle: async (events, { tx }) => {
      for (const event of events) {
        const { n } = event.data as { n: number };
        await tx.query('insert into effects (event_id, n) values ($1, $2)', [event.id, n]);
        if (mode === 'crash' && n === Number(crashAt)) {
          await appendsDone;
          process.stdout.write('EFFECT_APPLIED\n');
          await sleep(600_000);
        }
      }
    },
  });
  await processor.start();
  await processor.waitForIdle(60_000);
  if (deferred && mode === 'crash') {
    for (let n = 30; n < 60; n += 3) {
      await store.appendToStream(
        `crash-${n % 4}`,
        [0, 1, 2].map((k) => ({ type: 'CrashTested', data: { n: n + k } })),
      );
    }
    appended();
    await processor.waitForIdle(60_000);
  }
  await processor.stop();
  await db.close();
  process.stdout.write('DRAINED\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
