import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import type { MetricWindow, Period } from '../../read-models';
import { METRICS_API_CLOCK } from '../metrics-api.tokens';
import { resolveWindow, type WindowRequest } from './window';

/** What every metric controller needs: the database to read `metrics.*` from and the clock for the default asOf. */
@Injectable()
export class MetricsReader {
  constructor(
    @Inject(SQL_DATABASE) readonly db: SqlDatabase,
    @Inject(METRICS_API_CLOCK) private readonly clock: Clock,
  ) {}

  /** The window a request asks for; `span` sizes the default `from` (month-based metrics look a year back). */
  window(query: WindowRequest, span: Period = 'day'): MetricWindow {
    return resolveWindow(query, this.clock.now(), span);
  }

  /** The window of a bucketed metric: its period (default day) sizes the default span as well. */
  periodWindow(query: WindowRequest & { readonly period?: Period }): MetricWindow & { readonly period: Period } {
    const period = query.period ?? 'day';
    return { ...this.window(query, period), period };
  }
}
