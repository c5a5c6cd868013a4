import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { APPOINTMENT_STATUSES, CUSTOMER_STATUSES, LEAD_STAGES } from '../../read-models';
import { ListAnswerDto } from '../common/answer.dto';
import { amountParam, idFilter, ListQueryDto, momentParam, oneOf, segmentFilter, sourceFilter } from '../common/query.dto';

export const OPPORTUNITY_STAGES = ['discovery', 'demo', 'proposal', 'negotiation', 'won', 'lost'] as const;
export const GRADES = ['A', 'B', 'C', 'F'] as const;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class OpportunityListQueryDto extends ListQueryDto {
  @oneOf(OPPORTUNITY_STAGES, 'Only deals in this stage as of asOf') stage?: string;
  @idFilter('aeId', 'Only deals this account executive owns as of asOf') aeId?: string;
  @segmentFilter() segment?: string;
  @amountParam('Only deals whose amount (won, or estimated while open) is at least this') minAmount?: number;
  @amountParam('Only deals whose amount (won, or estimated while open) is at most this') maxAmount?: number;
}

export class OpportunityListRowDto {
  @ApiProperty({ example: 'opp-3e9b2c71' }) opportunityId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', type: String, nullable: true }) leadId!: string | null;
  @ApiProperty({ example: 'Acme Inc.', type: String, nullable: true }) companyName!: string | null;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true, description: "The lead's segment as of asOf" }) segment!:
    string | null;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 'ae-maria', type: String, nullable: true, description: 'Owner as of asOf' }) aeId!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: OPPORTUNITY_STAGES }) stage!: string | null;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z', type: String, nullable: true, description: 'Since when it is in that stage' })
  stageAt!: string | null;
  @ApiProperty({ example: '2026-11-10T15:40:00.000Z' }) openedAt!: string;
  @ApiProperty({ example: null, type: String, nullable: true }) wonAt!: string | null;
  @ApiProperty({ example: '2026-11-20T16:00:00.000Z', type: String, nullable: true }) lostAt!: string | null;
  @ApiProperty({ example: 'chose a competitor', type: String, nullable: true }) lostReason!: string | null;
  @ApiProperty({
    example: 48000,
    type: Number,
    nullable: true,
    description: 'Won amount; for an open deal the estimate named by amountBasis',
  })
  amount!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['won', 'segment-average', 'overall-average'] }) amountBasis!: string | null;
  @ApiProperty({ example: 0.5, type: Number, nullable: true, description: "Open deals: the stage's weight" }) stageWeight!: number | null;
  @ApiProperty({ example: 15500, type: Number, nullable: true, description: 'Open deals: amount × stage weight' }) weightedAmount!:
    number | null;
}

export class OpportunityListDto extends ListAnswerDto {
  @ApiProperty({ type: [OpportunityListRowDto], description: 'Newest first' }) rows!: OpportunityListRowDto[];
}

export class AppointmentListQueryDto extends ListQueryDto {
  @idFilter('aeId', 'Only appointments this AE holds as of asOf') aeId?: string;
  @oneOf(APPOINTMENT_STATUSES, 'Only appointments in this status as of asOf') status?: string;

  @ApiPropertyOptional({
    description: 'Only appointments starting on this UTC day (instead of startsFrom/startsBefore)',
    example: '2026-03-05',
  })
  @IsOptional()
  @Matches(DAY, { message: 'date must be a day YYYY-MM-DD' })
  date?: string;

  @momentParam('startsFrom', 'Only appointments starting at or after this moment') startsFrom?: string;
  @momentParam('startsBefore', 'Only appointments starting before this moment') startsBefore?: string;
}

export class AppointmentListRowDto {
  @ApiProperty({ example: '3e9b2c71-5a4d-4f08-9c1e-6b7a8d9e0f12' }) appointmentId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', type: String, nullable: true }) leadId!: string | null;
  @ApiProperty({ example: 'Acme Inc.', type: String, nullable: true }) companyName!: string | null;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 'ae-maria', type: String, nullable: true, description: 'The AE holding it as of asOf (after reschedules)' })
  aeId!: string | null;
  @ApiProperty({ example: 'se-tom', type: String, nullable: true }) seId!: string | null;
  @ApiProperty({ example: '2026-12-08T15:00:00.000Z', type: String, nullable: true }) startAt!: string | null;
  @ApiProperty({ example: '2026-12-08T15:30:00.000Z', type: String, nullable: true }) endAt!: string | null;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: string;
  @ApiProperty({ example: '2026-12-02T09:15:00.000Z' }) bookedAt!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['strict', 'flexible'] }) mode!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-03' }) creditMonth!: string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ example: true, type: Boolean, nullable: true, description: 'The demo outcome, once recorded' }) movedForward!:
    boolean | null;
}

export class AppointmentListDto extends ListAnswerDto {
  @ApiProperty({ type: [AppointmentListRowDto], description: 'By start time' }) rows!: AppointmentListRowDto[];
}

export class CustomerListQueryDto extends ListQueryDto {
  @idFilter('managerId', 'Only customers this manager holds as of asOf') managerId?: string;
  @momentParam('renewalFrom', 'Only customers whose renewal date is at or after this') renewalFrom?: string;
  @momentParam('renewalBefore', 'Only customers whose renewal date is before this') renewalBefore?: string;
  @oneOf(CUSTOMER_STATUSES, 'Only active or only churned customers (as of asOf)') status?: string;
  @segmentFilter() segment?: string;
}

export class CustomerListRowDto {
  @ApiProperty({ example: 'cust-0b8f9c1e' }) customerId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', type: String, nullable: true }) leadId!: string | null;
  @ApiProperty({ example: 'Acme Inc.', type: String, nullable: true }) companyName!: string | null;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 'mia', type: String, nullable: true, description: 'Manager as of asOf' }) managerId!: string | null;
  @ApiProperty({ example: '2027-12-01', type: String, nullable: true, description: 'Renewal date as of asOf' }) renewalDate!: string | null;
  @ApiProperty({ example: 48000, type: Number, nullable: true, description: 'First contract' }) amount!: number | null;
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-20T10:00:00.000Z', type: String, nullable: true }) onboardedAt!: string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) churnedAt!: string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) churnReason!: string | null;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: string;
}

export class CustomerListDto extends ListAnswerDto {
  @ApiProperty({ type: [CustomerListRowDto], description: 'By renewal date, soonest first' }) rows!: CustomerListRowDto[];
}

export class LeadListQueryDto extends ListQueryDto {
  @oneOf(LEAD_STAGES, "Only leads in this stage as of asOf (the stage after the lead's latest step)") stage?: string;
  @idFilter('ownerId', 'Only leads this SDR owns as of asOf') ownerId?: string;
  @sourceFilter() source?: string;
  @oneOf(GRADES, 'Only leads with this grade as of asOf') grade?: string;

  @ApiPropertyOptional({ description: "Part of the company's name or domain, any case", example: 'acme' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  company?: string;

  @segmentFilter() segment?: string;
}

export class LeadListRowDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ example: '2026-12-04T10:00:00.000Z' }) capturedAt!: string;
  @ApiProperty({ example: 'Acme Inc.', type: String, nullable: true }) companyName!: string | null;
  @ApiProperty({ example: 'acme.com', type: String, nullable: true }) companyDomain!: string | null;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: true, type: Boolean, nullable: true }) inbound!: boolean | null;
  @ApiProperty({ example: 'vendor-datacorp', type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ example: 'webinar-q4', type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true, description: 'As of asOf' }) segment!: string | null;
  @ApiProperty({ example: 72, type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: GRADES }) grade!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: LEAD_STAGES }) stage!: string | null;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z', type: String, nullable: true }) stageAt!: string | null;
  @ApiProperty({ example: 'inbound', type: String, nullable: true, description: 'The team it was routed to' }) team!: string | null;
  @ApiProperty({ example: 'sdr-ana', type: String, nullable: true, description: 'The SDR owning it as of asOf' }) ownerId!: string | null;
  @ApiProperty({ example: '2026-12-04T10:03:00.000Z', type: String, nullable: true }) firstTouchAt!: string | null;
  @ApiProperty({ example: '2026-12-04T11:00:00.000Z', type: String, nullable: true }) qualifiedAt!: string | null;
}

export class LeadListDto extends ListAnswerDto {
  @ApiProperty({ type: [LeadListRowDto], description: 'Newest capture first' }) rows!: LeadListRowDto[];
}
