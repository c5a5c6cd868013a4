/**
 * The client side of `POST /lists`: streams a CSV file as multipart (never reading it whole) and hands back
 * each NDJSON line of the answer as it arrives. The import-leads CLI draws its progress bar from these lines;
 * the bulk-import benchmark (tools/bench/bulk-import.bench.ts) posts its lists through the same code.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';

export interface ImportLine {
  type: 'row' | 'summary' | 'error';
  row?: number;
  outcome?: 'accepted' | 'duplicate' | 'invalid';
  leadId?: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

export interface ImportListRequest {
  readonly file: string;
  readonly vendorId: string;
  readonly listId: string;
  /** Base URL of lead-intake (or the platform). */
  readonly url: string;
  /** An intake (or admin) key. */
  readonly apiKey?: string;
}

/** Counts the data rows (lines after the header) as a stream, for a progress bar's total; quoted newlines make it an estimate. */
export async function countRows(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) lines++;
  return Math.max(0, lines - 1);
}

async function* multipart(boundary: string, fields: Record<string, string>, file: string): AsyncGenerator<Buffer> {
  for (const [name, value] of Object.entries(fields)) {
    yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  yield Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${basename(file)}"\r\ncontent-type: text/csv\r\n\r\n`,
  );
  for await (const chunk of createReadStream(file)) yield chunk as Buffer;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`Import refused: ${status} ${body}`);
  }
}

/** Posts the list and yields the answer's lines (one per row, then a summary or an error) as they stream in. */
export async function* importList(request: ImportListRequest): AsyncGenerator<ImportLine> {
  const boundary = `leadline-${randomBytes(12).toString('hex')}`;
  const response = await fetch(new URL('/lists', request.url), {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {}),
    },
    body: Readable.toWeb(
      Readable.from(multipart(boundary, { vendorId: request.vendorId, listId: request.listId }, request.file)),
    ) as ReadableStream,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  if (!response.ok || !response.body) throw new ImportRefusedError(response.status, await response.text());
  const lines = createInterface({
    input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    crlfDelay: Infinity,
  });
  for await (const text of lines) if (text.trim()) yield JSON.parse(text) as ImportLine;
}
