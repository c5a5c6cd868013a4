import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PostgresEventStore, SqlDatabase } from '@leadline/event-store';
import { ApiRoute, assertMayRead, Caller, EVENT_STORE, SQL_DATABASE, Roles, type Principal } from '@leadline/platform';
import { LeadJourneyDto, LeadOverviewDto } from './lead-overview.dto';
import { findOverview } from './lead-overview.repository';
import { readJourney } from './lead-journey.query';

@ApiTags('leads')
@Controller('leads')
export class LeadOverviewController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
  ) {}

  @Get(':id')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({
    summary: 'The lead now: stage, grade, owner and first-touch SLA status',
    ok: LeadOverviewDto,
    errors: [[404, 'No such lead.']],
  })
  async overview(@Param('id') id: string, @Caller() caller: Principal): Promise<LeadOverviewDto> {
    const overview = await findOverview(this.db, id);
    if (!overview) throw new NotFoundException(`Lead ${id} not found`);
    assertMayRead(caller, overview.ownerSdrId, `lead ${id}`);
    return { ...overview, missing: [...overview.missing] };
  }

  @Get(':id/journey')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({
    summary: "Every event about the lead, from every service, in the global log's order",
    ok: LeadJourneyDto,
    errors: [[404, 'No such lead.']],
  })
  async journey(@Param('id') id: string, @Caller() caller: Principal): Promise<LeadJourneyDto> {
    const events = await readJourney(this.store, id);
    if (events.length === 0) throw new NotFoundException(`Lead ${id} not found`);
    await this.assertMayRead(caller, id);
    return { leadId: id, events };
  }

  /** A rep reads the leads its SDR owns now (the overview's owner); a lead it does not know yet is nobody's. */
  private async assertMayRead(caller: Principal, leadId: string): Promise<void> {
    const overview = await findOverview(this.db, leadId);
    assertMayRead(caller, overview?.ownerSdrId, `lead ${leadId}`);
  }
}
