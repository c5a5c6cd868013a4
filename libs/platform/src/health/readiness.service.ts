import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import { SQL_DATABASE } from '../platform.tokens';
import { KafkaProbe } from './kafka.probe';

const CHECK_TIMEOUT_MS = 3000;

export interface DependencyCheck {
  readonly status: 'up' | 'down';
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly checks: Readonly<Record<string, DependencyCheck>>;
}

@Injectable()
export class ReadinessService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly kafka: KafkaProbe,
  ) {}

  async check(): Promise<Readiness> {
    const probes: Record<string, () => Promise<unknown>> = { database: () => this.db.query('select 1') };
    if (this.kafka.configured) probes['kafka'] = () => this.kafka.check();

    const names = Object.keys(probes);
    const results = await Promise.all(names.map((name) => runCheck(probes[name])));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every((result) => result.status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }
}

async function runCheck(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
