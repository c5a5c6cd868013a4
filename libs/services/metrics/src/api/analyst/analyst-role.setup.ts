import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import type { MetricsApiConfig } from '../metrics-api.config';
import { METRICS_API_CONFIG } from '../metrics-api.tokens';
import { ensureAnalystRole, type AnalystRoleResult } from './analyst-role';

/** At start (after the metrics schema is migrated): the analysts' read-only role, when configured and permitted. */
@Injectable()
export class AnalystRoleSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger('MetricsAnalystRole');
  result: AnalystRoleResult | undefined;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(METRICS_API_CONFIG) private readonly config: MetricsApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.analystRole === 'off') {
      this.result = { status: 'skipped', reason: 'METRICS_ANALYST_ROLE=off' };
      return;
    }
    try {
      this.result = await ensureAnalystRole(this.db, { login: this.config.analystLogin ?? undefined });
      if (this.result.status === 'skipped') this.logger.log(`Analysts' role not set up: ${this.result.reason}`);
    } catch (error) {
      // Analysts' access is not worth refusing to start over; the CLI (tools/metrics-analyst-role) retries it.
      this.result = { status: 'skipped', reason: error instanceof Error ? error.message : String(error) };
      this.logger.warn(`Analysts' role not set up: ${this.result.reason}`);
    }
  }
}
