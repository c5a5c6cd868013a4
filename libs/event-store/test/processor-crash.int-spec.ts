import { join } from 'node:path';
import { runTs, waitForExit, waitForOutput } from '@leadline/testing';
import { DRIVERS, openDatabase, openTestStore } from './test-store';

const CHILD = join(__dirname, 'crash-processor.child.ts');
const EVENTS = 60;

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

    const crashing = runTs(CHILD, [driver, t.location, 'crash', '37']);
    await waitForOutput(crashing, 'EFFECT_APPLIED');
    crashing.kill('SIGKILL');
    await waitForExit(crashing);
    expect(crashing.signalCode).toBe('SIGKILL');

    const restarted = runTs(CHILD, [driver, t.location, 'finish', '-1']);
    await waitForOutput(restarted, 'DRAINED');
    expect(await waitForExit(restarted)).toBe(0);

    const db = await openDatabase(driver, t.location);
    const { rows } = await db.query<{ n: number; applied: string }>(
      'select n, count(*)::text as applied from effects group by n order by n',
    );
    await db.close();
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: EVENTS }, (_, n) => n));
    expect(rows.filter((r) => r.applied !== '1')).toEqual([]);
    await t.close();
  });
});
