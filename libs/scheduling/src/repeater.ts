/**
 * Runs a pass, waits `intervalMs` after it ends, runs the next, until stopped. A failed pass is
 * reported and the next one runs on time; stop() waits for the pass in hand.
 */
export class Repeater {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.handle) clearTimeout(this.handle);
    await this.pass.catch(() => undefined);
  }

  private schedule(): void {
    if (!this.running) return;
    this.handle = setTimeout(() => {
      this.pass = this.run()
        .catch(this.onError)
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}
