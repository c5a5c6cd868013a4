import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LEAD_SOURCES, MAX_SPEND_AMOUNT, SPEND_CURRENCY, SPEND_ID, SPEND_PERIOD } from '@leadline/domain';
import type { SpendInput } from './record-spend.handler';

/** One spend entry as a user records it; the recording time comes from the server's clock. */
export class RecordSpendDto {
  @ApiPropertyOptional({
    description: 'Generated when absent; sending the same id and values again records nothing new',
    example: 'adwords-2026-03',
  })
  @IsOptional()
  @Matches(SPEND_ID, { message: 'spendId must be 1 to 64 letters, digits or _.@- starting with a letter or digit' })
  spendId?: string;

  @ApiProperty({ description: 'Calendar month the money was spent in', example: '2026-03' })
  @Matches(SPEND_PERIOD, { message: 'period must be a calendar month YYYY-MM' })
  period!: string;

  @ApiProperty({ description: 'Spend channel (paid search, events, lists, sales salaries...)', example: 'paid-search' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel!: string;

  @ApiPropertyOptional({ enum: LEAD_SOURCES, description: 'The lead source this money bought, when it bought one' })
  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: string;

  @ApiPropertyOptional({ example: 'acme-lists' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) vendorId?: string;

  @ApiPropertyOptional({ example: 'spring-promo' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) campaignId?: string;

  @ApiProperty({ example: 12500, minimum: 0, maximum: MAX_SPEND_AMOUNT })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_SPEND_AMOUNT)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 code', example: 'EUR' })
  @Matches(SPEND_CURRENCY, { message: 'currency must be an ISO 4217 code like EUR' })
  currency!: string;
}

/** What the handler records from a validated entry (absent optional fields are null). */
export function spendInputOf(dto: RecordSpendDto): SpendInput {
  return {
    spendId: dto.spendId,
    period: dto.period,
    channel: dto.channel,
    source: dto.source ?? null,
    vendorId: dto.vendorId ?? null,
    campaignId: dto.campaignId ?? null,
    amount: dto.amount,
    currency: dto.currency,
  };
}

export class SpendEntryDto {
  @ApiProperty({ example: 'spend-2026-11-paid-search' }) spendId!: string;
  @ApiProperty({ example: '2026-03' }) period!: string;
  @ApiProperty({ example: 'paid-search' }) channel!: string;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 'vendor-datacorp', type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ example: 'webinar-q4', type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ example: 48000 }) amount!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '2026-12-04T10:00:00.000Z', description: 'When it was first recorded' }) at!: string;
}

export class SpendRecordResultDto {
  @ApiProperty({ enum: ['recorded', 'unchanged'], description: 'unchanged: the same entry was recorded before; nothing was written' })
  outcome!: 'recorded' | 'unchanged';

  @ApiProperty({ type: SpendEntryDto }) entry!: SpendEntryDto;
}
