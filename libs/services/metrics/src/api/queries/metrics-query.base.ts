import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { METRICS_API_CLOCK } from '../metrics-api.tokens';
import type { Period } from './metrics-query.dto';
import { resolveWindow, type QueryWindow } from './query-window';

/** What every metric controller needs: the database to read `metrics.*` from and the clock for the default asOf. */
@Injectable()
export class MetricsReader {
  constructor(
    @Inject(SQL_DATABASE) readonly db: SqlDatabase,
    @Inject(METRICS_API_CLOCK) private readonly clock: Clock,
  ) {}

  window(query: { asOf?: string; from?: string; to?: string }, period?: Period): QueryWindow {
    return resolveWindow(query, this.clock.now(), period);
  }
}
