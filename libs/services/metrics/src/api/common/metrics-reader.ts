import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { isoTime, SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import type { MetricScope, MetricWindow, Period } from '../../read-models';
import { METRICS_API_CLOCK } from '../metrics-api.tokens';
import { parseMoment, resolveWindow, type ScopeRequest, type WindowRequest } from './window';

/** A scope whose knowledge moment is settled: the one asked for, or the database's now. */
export type KnownScope = MetricScope & { readonly knownAt: Date };

/** What every metric controller needs: the database to read `metrics.*` from and the clock for the default asOf. */
@Injectable()
export class MetricsReader {
  constructor(
    @Inject(SQL_DATABASE) readonly db: SqlDatabase,
    @Inject(METRICS_API_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * asOf (default: the clock's now) and knownAt. Without knownAt the answer is as known now, and
   * says when: the database's clock, the one that stamps every event's recording time, read before
   * the metric, so asking again with that knownAt gives the same answer.
   */
  async scope(query: ScopeRequest): Promise<KnownScope> {
    const asOf = query.asOf ? parseMoment(query.asOf, 'asOf') : this.clock.now();
    return { asOf, knownAt: await this.knownAt(query) };
  }

  /** The window a request asks for; `span` sizes the default `from` (month-based metrics look a year back). */
  async window(query: WindowRequest, span: Period = 'day'): Promise<MetricWindow & KnownScope> {
    const window = resolveWindow(query, this.clock.now(), span);
    return { ...window, knownAt: await this.knownAt(query) };
  }

  /** The window of a bucketed metric: its period (default day) sizes the default span as well. */
  async periodWindow(
    query: WindowRequest & { readonly period?: Period },
  ): Promise<MetricWindow & KnownScope & { readonly period: Period }> {
    const period = query.period ?? 'day';
    return { ...(await this.window(query, period)), period };
  }

  private async knownAt(query: ScopeRequest): Promise<Date> {
    if (query.knownAt) return parseMoment(query.knownAt, 'knownAt');
    const { rows } = await this.db.query<{ now: Date | string }>('select now() as now');
    return new Date(isoTime(rows[0].now) ?? Date.now());
  }
}
