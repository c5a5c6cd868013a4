import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  appointmentList,
  customerList,
  leadList,
  opportunityList,
  type AppointmentStatus,
  type CustomerStatus,
  type Page,
} from '../../read-models';
import { camelize, echoScope, type Camelized } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader, type KnownScope } from '../common/metrics-reader';
import { parseMoment } from '../common/window';
import {
  AppointmentListDto,
  AppointmentListQueryDto,
  CustomerListDto,
  CustomerListQueryDto,
  LeadListDto,
  LeadListQueryDto,
  OpportunityListDto,
  OpportunityListQueryDto,
} from './lists.dto';
import { Roles } from '@leadline/platform';

const DAY = 86_400_000;

function answer<Row extends object>(scope: KnownScope, page: { limit: number; offset: number }, found: Page<Row>) {
  return { ...echoScope(scope), total: found.total, ...page, rows: found.rows.map((row) => camelize(row)) as Camelized<Row>[] };
}

function pageOf(query: { limit?: number; offset?: number }): { limit: number; offset: number } {
  return { limit: query.limit ?? 100, offset: query.offset ?? 0 };
}

/** `[from, before)` from two optional moments; refused when empty. */
function range(names: readonly [string, string], from?: string, before?: string): [Date | undefined, Date | undefined] {
  const start = from ? parseMoment(from, names[0]) : undefined;
  const end = before ? parseMoment(before, names[1]) : undefined;
  if (start && end && start.getTime() >= end.getTime()) throw new BadRequestException([`${names[0]} must be before ${names[1]}`]);
  return [start, end];
}

@ApiTags('metrics: lists')
@Controller('metrics/lists')
export class ListsController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('opportunities')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Opportunities as of asOf, newest first, by stage, AE, segment and amount (won, or estimated from won deals of the segment while open), with the stage-weighted value (paged)',
  })
  @ApiOkResponse({ type: OpportunityListDto })
  @ApiBadParameters()
  async opportunities(@Query() query: OpportunityListQueryDto): Promise<OpportunityListDto> {
    if (query.minAmount !== undefined && query.maxAmount !== undefined && query.minAmount > query.maxAmount)
      throw new BadRequestException(['minAmount must not be more than maxAmount']);
    const scope = await this.reader.scope(query);
    const page = pageOf(query);
    const { stage, aeId, segment, minAmount, maxAmount } = query;
    const found = await opportunityList(this.reader.db, { ...scope, ...page, stage, aeId, segment, minAmount, maxAmount });
    return answer(scope, page, found);
  }

  @Get('appointments')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'Appointments as of asOf by start time, by AE (after reschedules), status and day or time range (paged)' })
  @ApiOkResponse({ type: AppointmentListDto })
  @ApiBadParameters()
  async appointments(@Query() query: AppointmentListQueryDto): Promise<AppointmentListDto> {
    if (query.date && (query.startsFrom || query.startsBefore))
      throw new BadRequestException(['date cannot be combined with startsFrom or startsBefore']);
    const day = query.date ? parseMoment(query.date, 'date') : undefined;
    const [startsFrom, startsBefore] = day
      ? [day, new Date(day.getTime() + DAY)]
      : range(['startsFrom', 'startsBefore'], query.startsFrom, query.startsBefore);
    const scope = await this.reader.scope(query);
    const page = pageOf(query);
    const found = await appointmentList(this.reader.db, {
      ...scope,
      ...page,
      aeId: query.aeId,
      status: query.status as AppointmentStatus | undefined,
      startsFrom,
      startsBefore,
    });
    return answer(scope, page, found);
  }

  @Get('customers')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'Customers as of asOf by renewal date, by manager, renewal date range, status and segment (paged)' })
  @ApiOkResponse({ type: CustomerListDto })
  @ApiBadParameters()
  async customers(@Query() query: CustomerListQueryDto): Promise<CustomerListDto> {
    const [renewalFrom, renewalBefore] = range(['renewalFrom', 'renewalBefore'], query.renewalFrom, query.renewalBefore);
    const scope = await this.reader.scope(query);
    const page = pageOf(query);
    const found = await customerList(this.reader.db, {
      ...scope,
      ...page,
      managerId: query.managerId,
      renewalFrom,
      renewalBefore,
      status: query.status as CustomerStatus | undefined,
      segment: query.segment,
    });
    return answer(scope, page, found);
  }

  @Get('leads')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'Leads as of asOf, newest first, searched by stage, owner, source, grade, company and segment (paged)' })
  @ApiOkResponse({ type: LeadListDto })
  @ApiBadParameters()
  async leads(@Query() query: LeadListQueryDto): Promise<LeadListDto> {
    const scope = await this.reader.scope(query);
    const page = pageOf(query);
    const { stage, ownerId, source, grade, company, segment } = query;
    const found = await leadList(this.reader.db, { ...scope, ...page, stage, ownerId, source, grade, company, segment });
    return answer(scope, page, found);
  }
}
