// The metrics projection in its own process, for the crash test. `crash` mode stops forever inside
// the transaction of batch <crashAt> (effects written, checkpoint not yet), so the parent can
// SIGKILL it there; `finish` mode runs until the live version has applied the whole log, then exits.
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore } from '@leadline/event-store';
import { eventsAfter, loadVersion, MetricsRunner } from '../src/engine';
import type { ReadModel } from '../src/engine/read-model';
import { READ_MODELS } from '../src/read-models';
import { openDatabase, SETTINGS } from './engine-test-support';
import type { Driver } from './drivers';

async function main(): Promise<void> {
  const [driver, location, mode, crashAt] = process.argv.slice(2) as [Driver, string, 'crash' | 'finish', string];
  const db = await openDatabase(driver, location);
  const store = await PostgresEventStore.create(db);
  let batches = 0;
  const last = READ_MODELS[READ_MODELS.length - 1];
  const models: ReadModel[] = READ_MODELS.map((model) =>
    model !== last
      ? model
      : {
          ...model,
          apply: async (events, ctx) => {
            await model.apply(events, ctx);
            process.stdout.write(`BATCH ${++batches}\n`);
            if (mode === 'crash' && batches === Number(crashAt)) {
              process.stdout.write('EFFECT_APPLIED\n');
              await sleep(600_000);
            }
          },
        },
  );
  const runner = new MetricsRunner(db, store, models, { ...SETTINGS, liveBatchSize: 250 });
  await runner.start();
  for (;;) {
    const live = await loadVersion(db, 1);
    if (live && (await eventsAfter(db, live.checkpoint)) === 0) break;
    await sleep(50);
  }
  await runner.stop();
  await db.close();
  process.stdout.write('DRAINED\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
