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
  @ApiProperty({ description: 'Deals that spent time in the stage' }) deals!: number;
  @ApiProperty({ description: 'Average seconds, stays still open counted up to asOf' }) avgSeconds!: number;
  @ApiProperty() completedDeals!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Average seconds over completed stays only' }) avgCompletedSeconds!:
    number | null;
}

export class DealStagesDto {
  @ApiProperty() opportunityId!: string;
  @ApiProperty({ type: String, nullable: true }) leadId!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Stage as of asOf' }) stage!: string | null;
  @ApiProperty() discoverySeconds!: number;
  @ApiProperty() demoSeconds!: number;
  @ApiProperty() proposalSeconds!: number;
  @ApiProperty() negotiationSeconds!: number;
}

export class StagesDto extends WindowAnswerDto {
  @ApiProperty({ type: [StageAverageDto], description: 'Per stage, over deals opened in the window' }) averages!: StageAverageDto[];
  @ApiProperty({ description: 'Deals opened in the window (all pages)' }) totalDeals!: number;
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
  @ApiProperty() opportunityId!: string;
  @ApiProperty() leadId!: string;
  @ApiProperty({ description: 'The AE who owned the deal when it was lost' }) aeId!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty() lostAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Hopeless leads go back to the lead database; the others to nurture' }) hopeless!: boolean;
  @ApiProperty({ description: 'Days from opened to lost' }) daysOpen!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The stage it was in when lost' }) lostInStage!: string | null;
  @ApiProperty({ type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
}

export class LostReasonCountDto {
  @ApiProperty() reason!: string;
  @ApiProperty() deals!: number;
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
  @ApiProperty({ description: 'Open deals in the stage as of asOf' }) deals!: number;
  @ApiProperty({ description: 'Of those, with an amount estimate (none before the first won deal)' }) valuedDeals!: number;
  @ApiProperty({ description: 'Σ estimated amounts (average won deal of the segment)' }) amount!: number;
  @ApiProperty({ type: Number, nullable: true, description: "The stage's weight (STAGE_WEIGHTS)" }) weight!: number | null;
  @ApiProperty({ description: 'Σ amount × stage weight' }) weightedAmount!: number;
}

export class PipelineValueDto extends ScopeAnswerDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { discovery: 0.1, demo: 0.25 } })
  stageWeights!: Record<string, number>;
  @ApiProperty({ type: [PipelineStageValueDto] }) stages!: PipelineStageValueDto[];
}
