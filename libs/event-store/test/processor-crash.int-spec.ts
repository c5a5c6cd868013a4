import { join } from 'node:path';
import { runTs, waitForExit, waitForOutput } from '@leadline/testing';
import { DRIVERS, openDatabase, openTestStore, type Driver } from './test-store';

const CHILD = join(__dirname, 'crash-processor.child.ts');
const EVENTS = 60;

/**
 * A child processor killed (SIGKILL) right after the effect of event `crashAt`, then a second one run until drained,
 * `childArgs` after each child's own; then how many times each event's effect was applied.
 */
async function killThenFinish(
  driver: Driver,
  location: string,
  crashAt: number,
  childArgs: readonly string[] = [],
): Promise<{ n: number; applied: string }[]> {
  const crashing = runTs(CHILD, [driver, location, 'crash', String(crashAt), ...childArgs]);
  await waitForOutput(crashing, 'EFFECT_APPLIED');
  crashing.kill('SIGKILL');
  await waitForExit(crashing);
  expect(crashing.signalCode).toBe('SIGKILL');

  const restarted = runTs(CHILD, [driver, location, 'finish', '-1', ...childArgs]);
  await waitForOutput(restarted, 'DRAINED');
  expect(await waitForExit(restarted)).toBe(0);

  const db = await openDatabase(driver, location);
  const { rows } = await db.query<{ n: number; applied: string }>('select n, count(*)::text as applied from effects group by n order by n');
  await db.close();
  return rows;
}

describe.each(DRIVERS)('processor killed between effect and checkpoint on %s', (driver) => {
  it('applies every effect exactly once after a SIGKILL and a restart', async () => {
    const t = await openTestStore(driver, 'crash');
    for (let n = 0; n < EVENTS; n += 3) {
      await t.store.appendToStream(
        `crash-${n % 4}`,
        [0, 1, 2].map((k) => ({ type: 'CrashTested', data: { n: n + k } })),
      );
    }
    // PGlite's folder belongs to one process at a time: hand it to the children.
    await t.db.close();

    const rows = await killThenFinish(driver, t.location, 37);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: EVENTS }, (_, n) => n));
    expect(rows.filter((r) => r.applied !== '1')).toEqual([]);
    await t.close();
  });
});

describe.each(DRIVERS)('at-least-once processor storing its checkpoint at most every minute, killed on %s', (driver) => {
  it('repeats, after a SIGKILL and a restart, only what it handled since its last store', async () => {
    const t = await openTestStore(driver, 'crash-deferred');
    for (let n = 0; n < 30; n += 3) {
      await t.store.appendToStream(
        `crash-${n % 4}`,
        [0, 1, 2].map((k) => ({ type: 'CrashTested', data: { n: n + k } })),
      );
    }
    await t.db.close();

    // Idle after events 0-29 (its checkpoint stored there), it appends 30-59 and dies right after the effect of 37.
    const rows = await killThenFinish(driver, t.location, 37, ['60000']);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: EVENTS }, (_, n) => n));
    // Handled since the store: 30-37, whatever batches they came in; none before it, none after the crash.
    expect(rows.filter((r) => r.applied !== '1').map((r) => [r.n, r.applied])).toEqual(Array.from({ length: 8 }, (_, k) => [30 + k, '2']));
    await t.close();
  });
});
