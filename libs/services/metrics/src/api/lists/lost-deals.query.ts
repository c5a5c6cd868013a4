import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { MetricsViews } from '../typeorm/metrics-views.provider';
import { OpportunityEventView, OpportunityView } from '../typeorm/metrics-views.entities';
import type { QueryWindow } from '../queries/query-window';
import type { LostDealDto, LostDealsDto } from './lost-deals.dto';

export interface LostDealFilter {
  readonly aeId?: string;
  readonly reason?: string;
  readonly limit: number;
  readonly offset: number;
}

const DAY_MS = 86_400_000;
const iso = (value: Date | null): string => (value ? value.toISOString() : '');

/**
 * Deals lost in a window, as of a moment, with the count per reason, through the TypeORM entities
 * on `metrics.opportunities` (with its lead) and `metrics.opportunity_events`. The AE is the one who
 * lost it (fixed at the loss), so time travel holds.
 */
@Injectable()
export class LostDealsQuery {
  constructor(private readonly views: MetricsViews) {}

  async list(window: QueryWindow, filter: LostDealFilter): Promise<LostDealsDto> {
    const where = () => {
      const qb = this.views
        .repository(OpportunityView)
        .createQueryBuilder('o')
        .where('o.lost_at >= :from AND o.lost_at < :to AND o.lost_at <= :asOf', {
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          asOf: window.asOf.toISOString(),
        });
      if (filter.aeId) qb.andWhere('o.lost_by_ae_id = :aeId', { aeId: filter.aeId });
      if (filter.reason) qb.andWhere('o.lost_reason = :reason', { reason: filter.reason });
      return qb;
    };
    const [deals, total] = await where()
      .leftJoinAndSelect('o.lead', 'lead')
      .orderBy('o.lost_at', 'DESC')
      .addOrderBy('o.opportunity_id', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
    const reasons = await where()
      .select('o.lost_reason', 'reason')
      .addSelect('count(*)::int', 'deals')
      .groupBy('o.lost_reason')
      .orderBy('deals', 'DESC')
      .addOrderBy('reason', 'ASC')
      .getRawMany<{ reason: string | null; deals: number }>();
    const stages = await this.stagesWhenLost(deals);
    return {
      asOf: window.asOf.toISOString(),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      total,
      limit: filter.limit,
      offset: filter.offset,
      byReason: reasons.map((r) => ({ reason: r.reason ?? '', deals: Number(r.deals) })),
      rows: deals.map((o) => lostDeal(o, stages.get(o.opportunityId) ?? null)),
    };
  }

  /** The stage each deal had entered last before it was lost. */
  private async stagesWhenLost(deals: readonly OpportunityView[]): Promise<Map<string, string | null>> {
    const stages = new Map<string, string | null>();
    if (deals.length === 0) return stages;
    const lostAt = new Map(deals.map((d) => [d.opportunityId, d.lostAt?.getTime() ?? 0]));
    const steps = await this.views.repository(OpportunityEventView).find({
      where: { opportunityId: In([...lostAt.keys()]), kind: In(['opened', 'stage']) },
      order: { at: 'ASC', eventId: 'ASC' },
    });
    for (const step of steps) {
      if (step.opportunityId && step.at && step.at.getTime() <= (lostAt.get(step.opportunityId) ?? 0))
        stages.set(step.opportunityId, step.toStage);
    }
    return stages;
  }
}

function lostDeal(o: OpportunityView, lostInStage: string | null): LostDealDto {
  return {
    opportunityId: o.opportunityId,
    leadId: o.leadId ?? '',
    aeId: o.lostByAeId ?? '',
    openedAt: iso(o.openedAt),
    lostAt: iso(o.lostAt),
    reason: o.lostReason ?? '',
    hopeless: o.hopeless ?? false,
    daysOpen: o.openedAt && o.lostAt ? Math.round(((o.lostAt.getTime() - o.openedAt.getTime()) / DAY_MS) * 10) / 10 : 0,
    lostInStage,
    segment: o.lead?.segment ?? null,
    source: o.lead?.source ?? null,
    vendorId: o.lead?.vendorId ?? null,
    campaignId: o.lead?.campaignId ?? null,
  };
}
