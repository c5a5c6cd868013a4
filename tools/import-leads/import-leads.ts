// `node -r ./tools/register.cjs tools/import-leads/import-leads.ts <file.csv> --vendor V --list L [--url http://localhost:3000] [--key KEY]`
// Streams a CSV list to lead-intake's POST /lists (never reading it whole) and shows each row's
// outcome on a progress bar. Re-running the same file is safe: imported rows are answered, not re-written.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';

interface Line {
  type: 'row' | 'summary' | 'error';
  row?: number;
  outcome?: 'accepted' | 'duplicate' | 'invalid';
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

const USAGE =
  'Usage: import-leads <file.csv> --vendor <vendorId> --list <listId> [--url http://localhost:3000] [--key KEY (or LEADLINE_API_KEY)] [--quiet]';

/** Counts the data rows (lines after the header) as a stream, for the bar's total; quoted newlines make it an estimate. */
async function countRows(file: string): Promise<number> {
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

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      vendor: { type: 'string' },
      list: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      key: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (!file || !values.vendor || !values.list) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  await stat(file);
  // An intake (or admin) key: --key, else LEADLINE_API_KEY.
  const apiKey = values.key ?? process.env.LEADLINE_API_KEY;
  const total = await countRows(file);
  const boundary = `leadline-${randomBytes(12).toString('hex')}`;
  const response = await fetch(new URL('/lists', values.url), {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: Readable.toWeb(Readable.from(multipart(boundary, { vendorId: values.vendor, listId: values.list }, file))) as ReadableStream,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  if (!response.ok || !response.body) {
    process.stderr.write(`Import refused: ${response.status} ${await response.text()}\n`);
    return 1;
  }

  const counts = { accepted: 0, duplicate: 0, invalid: 0 };
  const bar = new SingleBar(
    {
      format: '{bar} {value}/{total} rows | accepted {accepted} | duplicate {duplicate} | invalid {invalid}',
      noTTYOutput: !values.quiet,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  if (!values.quiet) bar.start(total, 0, counts);
  const invalid: string[] = [];
  let summary: Line | undefined;
  let failure: string | undefined;
  const lines = createInterface({
    input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    crlfDelay: Infinity,
  });
  for await (const text of lines) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as Line;
    if (line.type === 'row' && line.outcome) {
      counts[line.outcome]++;
      if (line.outcome === 'invalid') invalid.push(`row ${line.row}: ${line.reason}`);
      if (!values.quiet) bar.update(line.row ?? 0, counts);
    } else if (line.type === 'summary') summary = line;
    else if (line.type === 'error') failure = line.message;
  }
  if (!values.quiet) bar.stop();
  for (const reason of invalid.slice(0, 20)) process.stdout.write(`invalid ${reason}\n`);
  if (invalid.length > 20) process.stdout.write(`… and ${invalid.length - 20} more invalid rows\n`);
  if (summary) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (failure) {
    process.stderr.write(`Import stopped: ${failure} (re-run the same command to resume; imported rows are not doubled)\n`);
    return 1;
  }
  return summary ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import-leads failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
