/** A sleep that a notification can cut short. */
export class Wakeup {
  private pending: (() => void) | undefined;
  private signalled = false;

  wake(): void {
    this.signalled = true;
    this.pending?.();
  }

  /** Forgets a wake that came before now: a look that starts after it answers it. */
  clear(): void {
    this.signalled = false;
  }

  /** Resolves true when woken (also by a wake() that came before the sleep), false when the time ran out. */
  sleep(ms: number): Promise<boolean> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        this.pending = undefined;
        this.signalled = false;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.pending = () => done(true);
    });
  }
}
