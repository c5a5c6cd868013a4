import { Writable } from 'node:stream';

/** A pino destination that keeps every line it is given, parsed (tests read what a process would print). */
export class CapturedLines extends Writable {
  readonly raw: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.raw.push(...String(chunk).split('\n').filter(Boolean));
    done();
  }

  /** Every line as JSON (throws on a line that is not). */
  get lines(): Record<string, unknown>[] {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
