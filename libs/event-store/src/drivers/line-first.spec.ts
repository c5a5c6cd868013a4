import { isOffTheLine, LineFirstGate, runOffTheLine } from './line-first';

/** A turn that holds the gate until released, recording when it started. */
function turn(gate: LineFirstGate, order: string[], name: string, offLine = false) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const run = () =>
    gate.run(async () => {
      order.push(name);
      await held;
      return name;
    });
  const done = offLine ? runOffTheLine(run) : run();
  return { done, release };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LineFirstGate', () => {
  it('runs one turn at a time, the line first, each kind in arrival order', async () => {
    const gate = new LineFirstGate(60_000);
    const order: string[] = [];
    const first = turn(gate, order, 'first', true);
    const off1 = turn(gate, order, 'off-1', true);
    const line1 = turn(gate, order, 'line-1');
    const off2 = turn(gate, order, 'off-2', true);
    const line2 = turn(gate, order, 'line-2');
    await tick();
    expect(order).toEqual(['first']);
    for (const t of [first, line1, line2, off1, off2]) {
      t.release();
      await t.done;
      await tick();
      await tick();
    }
    expect(order).toEqual(['first', 'line-1', 'line-2', 'off-1', 'off-2']);
  });

  it('lets work off the line go first once it has waited maxWaitMs', async () => {
    const gate = new LineFirstGate(20);
    const order: string[] = [];
    const first = turn(gate, order, 'first');
    const off = turn(gate, order, 'off', true);
    const line = turn(gate, order, 'line');
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.release();
    await first.done;
    await tick();
    expect(order).toEqual(['first', 'off']);
    off.release();
    line.release();
    await Promise.all([off.done, line.done]);
    expect(order).toEqual(['first', 'off', 'line']);
  });

  it('puts a line turn queued within one event-loop turn of the release ahead of waiting work off the line', async () => {
    const gate = new LineFirstGate(60_000);
    const order: string[] = [];
    const first = turn(gate, order, 'first');
    const off = turn(gate, order, 'off', true);
    first.release();
    await first.done;
    const line = turn(gate, order, 'line');
    await tick();
    expect(order).toEqual(['first', 'line']);
    line.release();
    off.release();
    await Promise.all([line.done, off.done]);
    expect(order).toEqual(['first', 'line', 'off']);
  });

  it('frees the connection after a failed turn, and is free again when nothing waits', async () => {
    const gate = new LineFirstGate(60_000);
    await expect(gate.run(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
    const off = runOffTheLine(() => gate.run(() => Promise.resolve('off')));
    await expect(off).resolves.toBe('off');
    await expect(gate.run(() => Promise.resolve('line'))).resolves.toBe('line');
  });

  it('marks what runOffTheLine starts, and nothing else', async () => {
    expect(isOffTheLine()).toBe(false);
    await runOffTheLine(async () => {
      await tick();
      expect(isOffTheLine()).toBe(true);
    });
    expect(isOffTheLine()).toBe(false);
  });
});
