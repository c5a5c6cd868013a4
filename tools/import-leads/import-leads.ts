// `node -r ./tools/register.cjs tools/import-leads/import-leads.ts <file.csv> --vendor V --list L [--url http://localhost:3000] [--key KEY]`
// Streams a CSV list to lead-intake's POST /lists (never reading it whole) and shows each row's
// outcome on a progress bar. Re-running the same file is safe: imported rows are answered, not re-written; a lost
// connection (lead-intake restarted) is answered by posting the list again, up to RESUME_ATTEMPTS times.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar, Presets } from 'cli-progress';
import { countRows, importList, ImportRefusedError, type ImportLine } from './import-list.client';

/** How often a lost connection is answered by posting the list again (after 2, 4, 8, 16, 30 s) before giving up. */
const RESUME_ATTEMPTS = 5;

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
  // Each row's latest answer: a list posted again answers the rows imported already (replayed) before the rest.
  const answers = new Map<number, ImportLine>();
  let summary: ImportLine | undefined;
  let failure: string | undefined;
  let started = false;
  const url = values.url ?? 'http://localhost:3000';
  for (let attempt = 0; ; attempt++) {
    try {
      // An intake (or admin) key: --key, else LEADLINE_API_KEY.
      const lines = importList({
        file,
        vendorId: values.vendor,
        listId: values.list,
        url,
        apiKey: values.key ?? process.env.LEADLINE_API_KEY,
      });
      for await (const line of lines) {
        if (!started && !values.quiet) bar.start(total, 0, counts);
        started = true;
        if (line.type === 'row' && line.outcome && line.row !== undefined) {
          const before = answers.get(line.row);
          if (before?.outcome) counts[before.outcome]--;
          answers.set(line.row, line);
          counts[line.outcome]++;
          if (!values.quiet) bar.update(line.row, counts);
        } else if (line.type === 'summary') summary = line;
        else if (line.type === 'error') failure = line.message;
      }
      break;
    } catch (error) {
      if (error instanceof ImportRefusedError) {
        if (started && !values.quiet) bar.stop();
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
      // The connection was lost (lead-intake restarted, the network): the rows answered so far are committed, and
      // posting the same list again answers them from their keys and imports only the rest.
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      const lost = `the connection to ${url} was lost (${reason}) after ${answers.size} of ~${total} rows were answered`;
      if (attempt >= RESUME_ATTEMPTS) {
        if (started && !values.quiet) bar.stop();
        process.stderr.write(`import-leads: ${lost}; re-run the same command to resume (imported rows are not doubled)\n`);
        return 1;
      }
      const waitS = Math.min(30, 2 ** (attempt + 1));
      process.stderr.write(`\n${lost}; posting the list again in ${waitS} s (imported rows are answered, not doubled)\n`);
      await sleep(waitS * 1000);
    }
  }
  const invalid = [...answers.values()].filter((line) => line.outcome === 'invalid').map((line) => `row ${line.row}: ${line.reason}`);
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
