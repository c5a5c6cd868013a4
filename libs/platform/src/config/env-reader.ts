import { readFileSync } from 'node:fs';
import { ConfigurationError } from './platform-config';
import { readSecretSetting } from './secrets';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads a service's settings from the environment and collects every problem, so a bad start
 * names all the bad variables at once (`done()` throws one ConfigurationError listing them).
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Environment) {}

  /** The trimmed value, or undefined when unset or blank. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** A secret: `NAME`, or the contents of the file `NAME_FILE` names (Kubernetes Secrets mounted as files). */
  secret(name: string): string | undefined {
    const { value, problem } = readSecretSetting(this.env, name);
    if (problem) this.problems.push(problem);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max))
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return value;
  }

  /** An integer of at least `min`; the fallback when unset or invalid (the problem is noted). */
  atLeast(name: string, fallback: number, min: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (/^\d+$/.test(raw) && Number(raw) >= min) return Number(raw);
    this.problems.push(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
    return fallback;
  }

  /** Parsed JSON, or undefined when unset or invalid (the problem is noted). */
  json(name: string): unknown {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      this.problems.push(`${name} must be valid JSON (got ${JSON.stringify(raw)})`);
      return undefined;
    }
  }

  /** The parsed contents of the JSON file the setting names, or undefined when unset or unreadable (the problem is noted). */
  jsonFile(name: string): unknown {
    const file = this.text(name);
    if (file === undefined) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      this.problems.push(`${name} must name a readable JSON file (${file}: ${(error as Error).message})`);
      return undefined;
    }
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.text(name) ?? fallback;
    if (!values.includes(raw as T)) this.problems.push(`${name} must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})`);
    return raw as T;
  }

  /** A comma-separated list, blanks dropped. */
  list(name: string, fallback: readonly string[]): string[] {
    const raw = this.text(name);
    return raw === undefined
      ? [...fallback]
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Returns `config` when every setting was valid; otherwise throws naming each bad one. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigurationError(this.problems);
    return config;
  }
}
