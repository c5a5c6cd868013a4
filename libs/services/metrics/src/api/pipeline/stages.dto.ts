import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { WindowAnswerDto } from '../queries/answer.dto';
import { idFilter, WindowQueryDto } from '../queries/metrics-query.dto';

export class StagesQueryDto extends WindowQueryDto {
  @idFilter('opportunityId', 'Only this deal') opportunityId?: string;

  @ApiPropertyOptional({ description: 'Deals listed per page (the averages cover all)', minimum: 0, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
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
