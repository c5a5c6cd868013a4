import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { OpportunityStage } from '@leadline/domain';

export class ChangeStageDto {
  @ApiProperty({ enum: ['discovery', 'demo', 'proposal', 'negotiation'] })
  @IsIn(['discovery', 'demo', 'proposal', 'negotiation', 'won', 'lost'])
  to!: OpportunityStage;
}

export class WinOpportunityDto {
  @ApiProperty({ example: 48000 }) @IsNumber() @Min(0) amount!: number;
  @ApiProperty({ example: 0.6, description: 'Profit margin as a fraction of the amount (0 to 1)' })
  @IsNumber()
  @Min(0)
  @Max(1)
  margin!: number;
  @ApiProperty({ example: 12 }) @IsInt() @Min(1) @Max(120) contractTermMonths!: number;
  @ApiProperty({ example: '2027-03-20' }) @IsISO8601({ strict: true }) renewalDate!: string;
}

export class LoseOpportunityDto {
  @ApiProperty({ example: 'chose a competitor' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
  @ApiProperty({ description: 'Hopeless: the lead is recycled to the lead database', example: false }) @IsBoolean() hopeless!: boolean;
}
