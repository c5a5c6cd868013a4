import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PeriodAnswerDto } from '../common/answer.dto';
import { idFilter, PeriodQueryDto, segmentFilter, sourceFilter } from '../common/query.dto';

export const FUNNEL_DIMENSIONS = ['segment', 'source', 'vendor', 'campaign'] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];
const DIMENSION_LIST = new RegExp(`^(${FUNNEL_DIMENSIONS.join('|')})(,(${FUNNEL_DIMENSIONS.join('|')}))*$`);

export class FunnelQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({
    description: `Dimensions to split by, comma-separated (${FUNNEL_DIMENSIONS.join(', ')}); the others read "*". Default: no split`,
    example: 'segment,source',
  })
  @IsOptional()
  @Matches(DIMENSION_LIST, { message: `by must be a comma-separated list of ${FUNNEL_DIMENSIONS.join(', ')}` })
  by?: string;

  @segmentFilter() segment?: string;
  @sourceFilter() source?: string;
  @idFilter('vendorId', 'Only leads bought from this list vendor') vendorId?: string;
  @idFilter('campaignId') campaignId?: string;
}

export class FunnelRowDto {
  @ApiProperty({ description: 'Capture cohort: first day of the bucket, YYYY-MM-DD', example: '2026-03-02' }) bucket!: string;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true, description: '"*" when not split by it' }) segment!: string | null;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 'vendor-datacorp', type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ example: 'webinar-q4', type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ example: 400, description: 'Leads captured in the bucket' }) captured!: number;
  @ApiProperty({ example: 352, description: 'Of those, reached the stage by asOf' }) contacted!: number;
  @ApiProperty({ example: 110 }) qualified!: number;
  @ApiProperty({ example: 14 }) appointment!: number;
  @ApiProperty({ example: 8 }) opportunity!: number;
  @ApiProperty({ example: 6 }) won!: number;
  @ApiProperty({ example: 0.88, type: Number, nullable: true }) capturedToContacted!: number | null;
  @ApiProperty({ example: 0.31, type: Number, nullable: true }) contactedToQualified!: number | null;
  @ApiProperty({ example: 0.36, type: Number, nullable: true }) qualifiedToAppointment!: number | null;
  @ApiProperty({ example: 0.57, type: Number, nullable: true }) appointmentToOpportunity!: number | null;
  @ApiProperty({ example: 0.25, type: Number, nullable: true }) opportunityToWon!: number | null;
  @ApiProperty({
    example: 0.08,
    type: Number,
    nullable: true,
    description: 'Opportunities over captured: the number sales ops watches first',
  })
  leadToOpportunity!: number | null;
  @ApiProperty({ example: 0.02, type: Number, nullable: true }) leadToWon!: number | null;
}

export class FunnelDto extends PeriodAnswerDto {
  @ApiProperty({ type: [FunnelRowDto] }) rows!: FunnelRowDto[];
}
