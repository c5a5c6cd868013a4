import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { WindowAnswerDto } from '../common/answer.dto';
import { idFilter, WindowQueryDto } from '../common/query.dto';

export class CustomersQueryDto extends WindowQueryDto {}

export class CustomerMonthDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 50 }) customersAtStart!: number;
  @ApiProperty({ example: 6 }) newCustomers!: number;
  @ApiProperty({ example: 2 }) churned!: number;
  @ApiProperty({ example: 52 }) customersAtEnd!: number;
  @ApiProperty({ example: 9 }) renewals!: number;
  @ApiProperty({ example: 0.04, type: Number, nullable: true, description: 'churned / customers at the start' }) churnRate!: number | null;
  @ApiProperty({ example: 0.9, type: Number, nullable: true, description: 'renewals / (renewals + churned)' }) renewalRate!: number | null;
}

export class LifetimeValueDto {
  @ApiProperty({ enum: ['all', 'segment'] }) level!: string;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 48 }) customers!: number;
  @ApiProperty({ example: 9 }) renewals!: number;
  @ApiProperty({ example: 2 }) churned!: number;
  @ApiProperty({ example: 61000, description: 'First contract + renewals + won upsells so far, per customer' }) avgRealizedLtv!: number;
  @ApiProperty({ example: 26000 }) avgContractValue!: number;
  @ApiProperty({ example: 0.12, type: Number, nullable: true }) churnShare!: number | null;
  @ApiProperty({ example: 58000, type: Number, nullable: true, description: 'Average contract value / churn share' }) predictedLtv!:
    number | null;
}

export class CacDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 31200, description: 'Spend recorded for the month by asOf' }) spend!: number;
  @ApiProperty({ example: 6 }) newCustomers!: number;
  @ApiProperty({ example: 5200, type: Number, nullable: true, description: 'spend / new customers' }) cac!: number | null;
  @ApiProperty({ example: 110 }) qualifiedLeads!: number;
  @ApiProperty({ example: 180, type: Number, nullable: true }) costPerQualifiedLead!: number | null;
}

export class CustomerManagerDto {
  @ApiProperty({ example: 'mia' }) managerId!: string;
  @ApiProperty({ example: 'Ana Silva', type: String, nullable: true }) name!: string | null;
  @ApiProperty({ example: 87, description: 'Clients as of asOf' }) clients!: number;
  @ApiProperty({ example: 9 }) renewals!: number;
  @ApiProperty({ example: 1 }) churns!: number;
  @ApiProperty({ example: 0.9, type: Number, nullable: true }) renewalRate!: number | null;
}

export class CustomersDto extends WindowAnswerDto {
  @ApiProperty({ type: [CustomerMonthDto], description: 'Renewal and churn rate per month of the window' }) months!: CustomerMonthDto[];
  @ApiProperty({ type: [LifetimeValueDto], description: 'LTV as of asOf, overall and per segment' }) lifetimeValue!: LifetimeValueDto[];
  @ApiProperty({ type: [CacDto], description: 'CAC from recorded spend per month and currency' }) cac!: CacDto[];
  @ApiProperty({ type: [CustomerManagerDto], description: 'Clients and renewal rate per customer manager' })
  managers!: CustomerManagerDto[];
}

export const CAC_DIMENSIONS = ['channel', 'campaign'] as const;
export type CacDimension = (typeof CAC_DIMENSIONS)[number];

export class CacQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({
    description: 'Split by channel, campaign or both (comma-separated); the other reads "*". Default: both',
    example: 'channel',
  })
  @IsOptional()
  @Matches(/^(channel|campaign)(,(channel|campaign))?$/, { message: 'by must be channel, campaign or channel,campaign' })
  by?: string;

  @ApiPropertyOptional({ description: 'Only spend on this channel', example: 'paid-search' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/, { message: 'channel must be 1 to 100 letters, digits, spaces or _.-' })
  channel?: string;

  @idFilter('campaignId', 'Only spend on this campaign') campaignId?: string;
}

export class CacSliceDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 'paid-search', description: '"*" when not split by it' }) channel!: string;
  @ApiProperty({ example: 'webinar-q4', type: String, nullable: true, description: '"*" when not split by it; null: spend on no campaign' })
  campaignId!: string | null;
  @ApiProperty({ example: 31200, description: 'Spend entered by asOf for the month' }) spend!: number;
  @ApiProperty({
    example: 6,
    type: Number,
    nullable: true,
    description: 'Customers created in the month whose lead matches the source, vendor or campaign the spend names (null: it names none)',
  })
  newCustomers!: number | null;
  @ApiProperty({ example: 5200, type: Number, nullable: true, description: 'spend / new customers' }) cac!: number | null;
  @ApiProperty({ example: 110, type: Number, nullable: true }) qualifiedLeads!: number | null;
  @ApiProperty({ example: 180, type: Number, nullable: true }) costPerQualifiedLead!: number | null;
}

export class CacBreakdownDto extends WindowAnswerDto {
  @ApiProperty({ type: [CacSliceDto] }) rows!: CacSliceDto[];
}
