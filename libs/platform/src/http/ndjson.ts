import type { ServerResponse } from 'node:http';

/** Writes NDJSON lines (a streamed import's per-row answers), waiting for the socket to drain so a slow client slows the import. */
export class NdjsonWriter<Line> {
  started = false;

  constructor(private readonly res: ServerResponse) {}

  async write(line: Line): Promise<void> {
    if (!this.started) {
      this.res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
      this.started = true;
    }
    if (!this.res.write(`${JSON.stringify(line)}\n`)) await new Promise((resolve) => this.res.once('drain', resolve));
  }
}

/** Answers a raw (streamed) request with a Nest-shaped JSON error, unless the answer has begun. */
export function failRawRequest(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message: [message] }));
}
