import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageAnswerDto, ScopeAnswerDto, WindowAnswerDto } from '../common/answer.dto';
import { AsOfQueryDto, idFilter, pageLimit, pageOffset, PageQueryDto, segmentFilter, WindowQueryDto } from '../common/query.dto';

export class StagesQueryDto extends WindowQueryDto {
  @idFilter('opportunityId', 'Only this deal') opportunityId?: string;
  @pageLimit({ minimum: 0, description: 'Deals listed per page (the averages cover all)' }) limit?: number;
  @pageOffset() offset?: number;
}

export class StageAverageDto {
  @ApiProperty({ enum: ['discovery', 'demo', 'proposal', 'negotiation'] }) stage!: string;
  @ApiProperty({ example: 17, description: 'Deals that spent time in the stage' }) deals!: number;
  @ApiProperty({ example: 604800, description: 'Average seconds, stays still open counted up to asOf' }) avgSeconds!: number;
  @ApiProperty({ example: 11 }) completedDeals!: number;
  @ApiProperty({ example: 1728000, type: Number, nullable: true, description: 'Average seconds over completed stays only' })
  avgCompletedSeconds!: number | null;
}

export class DealStagesDto {
  @ApiProperty({ example: 'opp-3e9b2c71' }) opportunityId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', type: String, nullable: true }) leadId!: string | null;
  @ApiProperty({ example: '2026-11-10T15:40:00.000Z' }) openedAt!: string;
  @ApiProperty({ example: 'proposal', type: String, nullable: true, description: 'Stage as of asOf' }) stage!: string | null;
  @ApiProperty({ example: 432000 }) discoverySeconds!: number;
  @ApiProperty({ example: 259200 }) demoSeconds!: number;
  @ApiProperty({ example: 518400 }) proposalSeconds!: number;
  @ApiProperty({ example: 345600 }) negotiationSeconds!: number;
}

export class StagesDto extends WindowAnswerDto {
  @ApiProperty({ type: [StageAverageDto], description: 'Per stage, over deals opened in the window' }) averages!: StageAverageDto[];
  @ApiProperty({ example: 17, description: 'Deals opened in the window (all pages)' }) totalDeals!: number;
  @ApiProperty({ type: [DealStagesDto] }) deals!: DealStagesDto[];
}

export class LostDealsQueryDto extends PageQueryDto {
  @idFilter('aeId', 'Only deals lost by this account executive') aeId?: string;

  @ApiPropertyOptional({ description: 'Only deals lost for this reason (exact)', example: 'price' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason?: string;
}

export class LostDealDto {
  @ApiProperty({ example: 'opp-3e9b2c71' }) opportunityId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ example: 'ae-maria', description: 'The AE who owned the deal when it was lost' }) aeId!: string;
  @ApiProperty({ example: '2026-11-10T15:40:00.000Z' }) openedAt!: string;
  @ApiProperty({ example: '2026-11-20T16:00:00.000Z' }) lostAt!: string;
  @ApiProperty({ example: 'chose a competitor' }) reason!: string;
  @ApiProperty({ example: false, description: 'Hopeless leads go back to the lead database; the others to nurture' }) hopeless!: boolean;
  @ApiProperty({ example: 23, description: 'Days from opened to lost' }) daysOpen!: number;
  @ApiProperty({ example: 'proposal', type: String, nullable: true, description: 'The stage it was in when lost' }) lostInStage!:
    string | null;
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 'vendor-datacorp', type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ example: 'webinar-q4', type: String, nullable: true }) campaignId!: string | null;
}

export class LostReasonCountDto {
  @ApiProperty({ example: 'chose a competitor' }) reason!: string;
  @ApiProperty({ example: 17 }) deals!: number;
}

export class LostDealsDto extends PageAnswerDto {
  @ApiProperty({ type: [LostReasonCountDto], description: 'Deals lost in the window per reason (all pages), most first' })
  byReason!: LostReasonCountDto[];
  @ApiProperty({ type: [LostDealDto], description: 'Newest first' }) rows!: LostDealDto[];
}

export class PipelineValueQueryDto extends AsOfQueryDto {
  @idFilter('aeId', 'Only deals this account executive owns as of asOf') aeId?: string;
  @segmentFilter() segment?: string;
}

export class PipelineStageValueDto {
  @ApiProperty({ enum: ['discovery', 'demo', 'proposal', 'negotiation', 'all'], description: '`all`: the whole open pipeline' })
  stage!: string;
  @ApiProperty({ example: 17, description: 'Open deals in the stage as of asOf' }) deals!: number;
  @ApiProperty({ example: 15, description: 'Of those, with an amount estimate (none before the first won deal)' }) valuedDeals!: number;
  @ApiProperty({ example: 48000, description: 'Σ estimated amounts (average won deal of the segment)' }) amount!: number;
  @ApiProperty({ example: 0.5, type: Number, nullable: true, description: "The stage's weight (STAGE_WEIGHTS)" }) weight!: number | null;
  @ApiProperty({ example: 15500, description: 'Σ amount × stage weight' }) weightedAmount!: number;
}

export class PipelineValueDto extends ScopeAnswerDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { discovery: 0.1, demo: 0.25 } })
  stageWeights!: Record<string, number>;
  @ApiProperty({ type: [PipelineStageValueDto] }) stages!: PipelineStageValueDto[];
}
