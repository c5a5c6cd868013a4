import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { KEY_BYTES } from '@leadline/event-store';
import { ConfigurationError, type PlatformConfig } from '../config';

export const MASTER_KEY_FILE_NAME = 'master.key';

/**
 * The master key that wraps the per-person data keys: the configured one (LEADLINE_MASTER_KEY, or
 * the file LEADLINE_MASTER_KEY_FILE names, e.g. a mounted Kubernetes Secret), or else
 * `<dataDir>/master.key`, generated with mode 0600 on the first start. 32 bytes, base64 or hex.
 */
export async function loadMasterKey(config: Pick<PlatformConfig, 'masterKey' | 'dataDir' | 'databaseUrl'>): Promise<Buffer> {
  if (config.masterKey) return parseMasterKey(config.masterKey, 'LEADLINE_MASTER_KEY (or its _FILE)');
  const path = join(config.dataDir, MASTER_KEY_FILE_NAME);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return parseMasterKey(existing, path);
  if (await generateOnce(path, config.dataDir)) {
    const logger = new Logger('Privacy');
    logger.warn(`Generated a master key for personal data in ${path} (mode 0600): back it up; without it the data cannot be read`);
    if (config.databaseUrl)
      logger.warn('A shared PostgreSQL with a generated master key: give every process the same LEADLINE_MASTER_KEY(_FILE)');
  }
  return parseMasterKey(await readFile(path, 'utf8'), path);
}

/** 32 bytes in base64 (44 characters) or hex (64); the message names the setting, never its value. */
export function parseMasterKey(text: string, setting: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && key.toString('base64') !== trimmed))
    throw new ConfigurationError([`${setting} must hold a ${KEY_BYTES}-byte key in base64 (44 characters) or hex (64 characters)`]);
  return key;
}

/** Writes a new key unless the file exists; atomic (link of a private temporary file), so racing starts agree on one key. */
async function generateOnce(path: string, dir: string): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}
