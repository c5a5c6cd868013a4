import { Injectable } from '@nestjs/common';
import { MetricsViews } from '../typeorm/metrics-views.provider';
import { SlaBreachView } from '../typeorm/metrics-views.entities';
import type { QueryWindow } from '../queries/query-window';
import type { SlaBreachDto, SlaBreachesDto } from './sla-breaches.dto';

export interface SlaBreachFilter {
  readonly sdrId?: string;
  readonly team?: string;
  readonly limit: number;
  readonly offset: number;
}

const iso = (value: Date | null): string => (value ? value.toISOString() : '');

function breachRow(b: SlaBreachView, asOf: Date): SlaBreachDto {
  const lead = b.lead ?? null;
  // The lead row holds today's facts; a first touch after asOf had not happened yet.
  const touched = lead?.firstTouchAt && lead.firstTouchAt.getTime() <= asOf.getTime() ? lead : null;
  return {
    eventId: b.eventId,
    leadId: b.leadId ?? '',
    sdrId: b.sdrId ?? '',
    sdrName: b.sdr?.name ?? null,
    slaDueAt: iso(b.slaDueAt),
    breachedAt: iso(b.breachedAt),
    capturedAt: lead?.capturedAt ? lead.capturedAt.toISOString() : null,
    source: lead?.source ?? null,
    segment: lead?.segment ?? null,
    team: lead?.team ?? null,
    firstTouchAt: touched?.firstTouchAt?.toISOString() ?? null,
    firstTouchSdrId: touched?.firstTouchSdrId ?? null,
    latencySeconds:
      touched?.firstTouchAt && touched.capturedAt ? (touched.firstTouchAt.getTime() - touched.capturedAt.getTime()) / 1000 : null,
  };
}

/** First-touch SLA breaches in a window, as of a moment, through the TypeORM entity on `metrics.sla_breaches`. */
@Injectable()
export class SlaBreachesQuery {
  constructor(private readonly views: MetricsViews) {}

  async list(window: QueryWindow, filter: SlaBreachFilter): Promise<SlaBreachesDto> {
    const qb = this.views
      .repository(SlaBreachView)
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.sdr', 'sdr')
      .leftJoinAndSelect('b.lead', 'lead')
      .where('b.breached_at >= :from AND b.breached_at < :to AND b.breached_at <= :asOf', {
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        asOf: window.asOf.toISOString(),
      });
    if (filter.sdrId) qb.andWhere('b.sdr_id = :sdrId', { sdrId: filter.sdrId });
    // The team the lead was routed to (fixed at its first assignment), not the SDR's team today.
    if (filter.team) qb.andWhere('lead.team = :team', { team: filter.team });
    const [breaches, total] = await qb
      .orderBy('b.breached_at', 'DESC')
      .addOrderBy('b.event_id', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
    const rows = breaches.map((b) => breachRow(b, window.asOf));
    return {
      asOf: window.asOf.toISOString(),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      total,
      limit: filter.limit,
      offset: filter.offset,
      rows,
    };
  }
}
