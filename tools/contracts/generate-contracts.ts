/**
 * `npm run contracts`: regenerates the published contracts (contracts/, see contracts.ts) from the
 * TypeScript event types. Refuses to overwrite a published version with an incompatible schema:
 * bump the event's version in libs/domain/src/contracts/event-contracts.ts and add an upcaster
 * instead (docs/events.md, "Evolution"). `--check` writes nothing and exits 1 when anything is out
 * of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkContracts, generateContractFiles, ROOT } from './contracts';

async function main(): Promise<void> {
  const checkOnly = process.argv.includes('--check');
  const files = await generateContractFiles();
  const check = checkContracts(files);
  if (check.breaking.length > 0) {
    console.error(
      `Incompatible changes to published event versions (bump the version and add an upcaster):\n  ${check.breaking.join('\n  ')}`,
    );
    process.exit(1);
  }
  if (check.stray.length > 0) console.error(`Schema files of no current version (remove them):\n  ${check.stray.join('\n  ')}`);
  if (checkOnly) {
    if (check.outOfDate.length > 0) console.error(`Out of date (run npm run contracts):\n  ${check.outOfDate.join('\n  ')}`);
    else console.log(`${files.length} contract files, up to date`);
    process.exit(check.outOfDate.length > 0 || check.stray.length > 0 ? 1 : 0);
  }
  for (const path of check.outOfDate) {
    const file = files.find((candidate) => candidate.path === path);
    if (!file) continue;
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), file.content);
  }
  console.log(`${files.length} contract files, ${check.outOfDate.length} written`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
