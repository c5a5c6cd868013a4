// `node -r ./tools/register.cjs tools/import-leads/import-leads.ts <file.csv> --vendor V --list L [--url http://localhost:3000] [--key KEY]`
// Streams a CSV list to lead-intake's POST /lists (never reading it whole) and shows each row's
// outcome on a progress bar. Re-running the same file is safe: imported rows are answered, not re-written.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { countRows, importList, ImportRefusedError, type ImportLine } from './import-list.client';

const USAGE =
  'Usage: import-leads <file.csv> --vendor <vendorId> --list <listId> [--url http://localhost:3000] [--key KEY (or LEADLINE_API_KEY)] [--quiet]';

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
  const total = await countRows(file);
  const counts = { accepted: 0, duplicate: 0, invalid: 0 };
  const bar = new SingleBar(
    {
      format: '{bar} {value}/{total} rows | accepted {accepted} | duplicate {duplicate} | invalid {invalid}',
      noTTYOutput: !values.quiet,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const invalid: string[] = [];
  let summary: ImportLine | undefined;
  let failure: string | undefined;
  try {
    // An intake (or admin) key: --key, else LEADLINE_API_KEY.
    const lines = importList({
      file,
      vendorId: values.vendor,
      listId: values.list,
      url: values.url ?? 'http://localhost:3000',
      apiKey: values.key ?? process.env.LEADLINE_API_KEY,
    });
    let started = false;
    for await (const line of lines) {
      if (!started && !values.quiet) bar.start(total, 0, counts);
      started = true;
      if (line.type === 'row' && line.outcome) {
        counts[line.outcome]++;
        if (line.outcome === 'invalid') invalid.push(`row ${line.row}: ${line.reason}`);
        if (!values.quiet) bar.update(line.row ?? 0, counts);
      } else if (line.type === 'summary') summary = line;
      else if (line.type === 'error') failure = line.message;
    }
  } catch (error) {
    if (!(error instanceof ImportRefusedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
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
