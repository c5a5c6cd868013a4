import { HorizonLooks } from './log-horizon';

describe('HorizonLooks (when a log read looks at the server for its horizon)', () => {
  let now = 0;
  let looks: HorizonLooks;
  beforeEach(() => {
    now = 5_000;
    looks = new HorizonLooks(100, () => now);
  });

  it('does not look while the server-wide horizon keeps moving', () => {
    expect(looks.shouldLook()).toBe(false); // nothing read yet
    for (let xid = 1_000; xid < 1_050; xid++) {
      looks.read(String(xid), false, false);
      now += 50;
      expect(looks.shouldLook()).toBe(false);
    }
  });

  it('looks once the server-wide horizon has stood at one transaction for afterMs, then again afterMs later while it stands', () => {
    looks.read('1000', false, false);
    now += 99;
    looks.read('1000', false, false);
    expect(looks.shouldLook()).toBe(false);
    now += 1;
    expect(looks.shouldLook()).toBe(true);
    looks.read('1000', true, false); // this database's transaction: the look could not pass it
    now += 99;
    expect(looks.shouldLook()).toBe(false);
    now += 1;
    expect(looks.shouldLook()).toBe(true); // still standing: a look that found no newer event of ours proves little
    looks.read('1001', false, false);
    now += 99;
    expect(looks.shouldLook()).toBe(false); // moved: it stands afresh
  });

  it('keeps looking while the look passes the server-wide horizon, and stops at the first look that does not', () => {
    looks.read('1000', false, false);
    now += 100;
    looks.read('1000', true, true); // another database's transaction: passed
    expect(looks.shouldLook()).toBe(true);
    now += 1;
    looks.read('1002', true, true); // another one of another database, just opened: passed too
    expect(looks.shouldLook()).toBe(true);
    looks.read('1003', true, false);
    expect(looks.shouldLook()).toBe(false);
  });
});
