import { ApiProperty } from '@nestjs/swagger';

const OPPORTUNITY = 'opp-3e9b2c71';
const LEAD = '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10';

/** The lead's current opportunity (`GET /opportunities?leadId=`). */
export class OpportunitySummaryDto {
  @ApiProperty({ example: OPPORTUNITY }) readonly opportunityId!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ example: 'hunter-1' }) readonly aeId!: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) readonly status!: string;
  @ApiProperty({ enum: ['discovery', 'demo', 'proposal', 'negotiation', 'won', 'lost'] }) readonly stage!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-08T15:40:00.000Z' }) readonly openedAt!: string | null;
}

/** An opportunity with its time in each stage and how it closed. */
export class OpportunityViewDto extends OpportunitySummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Milliseconds in each open stage; the current one counts up to `asOf`.',
    example: { discovery: 86400000, demo: 172800000, proposal: 0, negotiation: 0 },
  })
  readonly timeInStages!: Readonly<Record<string, number>>;

  @ApiProperty({ example: '2026-12-11T09:00:00.000Z' }) readonly asOf!: string;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'OpportunityWon data once won: amount, margin, contractTermMonths, renewalDate, segment, at.',
    example: null,
  })
  readonly won!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'OpportunityLost data once lost: reason, hopeless, at.',
    example: null,
  })
  readonly lost!: Record<string, unknown> | null;
}
