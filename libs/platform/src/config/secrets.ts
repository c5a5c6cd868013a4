import { readFileSync } from 'node:fs';
import type { Environment } from './env-reader';

/** A secret setting's value, or why it cannot be read; neither when it is not set. */
export interface SecretSetting {
  readonly value?: string;
  readonly problem?: string;
}

/**
 * A secret from `NAME` or from the file `NAME_FILE` names (a Kubernetes Secret mounted as a
 * file, a Docker secret): the file's text without its trailing line break(s). Both set, an
 * unreadable file or an empty one is a problem naming the variable, never the secret.
 */
export function readSecretSetting(env: Environment, name: string): SecretSetting {
  const direct = env[name]?.trim() || undefined;
  const path = env[`${name}_FILE`]?.trim() || undefined;
  if (direct !== undefined && path !== undefined) return { problem: `${name} and ${name}_FILE are both set: give one` };
  if (path === undefined) return { value: direct };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { problem: `${name}_FILE names a file that cannot be read (${JSON.stringify(path)}: ${code})` };
  }
  const value = text.replace(/[\r\n]+$/, '');
  if (value.trim() === '') return { problem: `${name}_FILE names an empty file (${JSON.stringify(path)})` };
  return { value };
}
