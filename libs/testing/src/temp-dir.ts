import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentRunId, sanitizeLabel } from './infra';

export interface TempDir {
  path: string;
  /** Removes the directory and everything in it. Safe to call more than once. */
  cleanup(): Promise<void>;
}

/** A fresh empty directory under the OS temp dir (e.g. a PGlite data folder). */
export async function createTempDir(label: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `ll-${currentRunId()}-${sanitizeLabel(label, '-')}-`));
  return {
    path,
    cleanup: () => rm(path, { recursive: true, force: true, maxRetries: 3 }),
  };
}
