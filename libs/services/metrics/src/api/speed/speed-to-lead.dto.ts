import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { idFilter, oneOf, PeriodQueryDto, TEAMS, type Team } from '../queries/metrics-query.dto';

export const LEVELS = ['all', 'team', 'sdr'] as const;

export class SpeedToLeadQueryDto extends PeriodQueryDto {
  @oneOf(TEAMS, 'Only leads routed to this team') team?: Team;
  @idFilter('sdrId', 'Only leads this SDR touched first (or holds, untouched)') sdrId?: string;
  @oneOf(LEVELS, 'Only rows of this level: all (per bucket), team, or sdr. Default: every level') level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({
    description: 'The first-touch SLA in seconds (the 5-minute rule by default)',
    default: 300,
    minimum: 1,
    maximum: 604800,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(604_800)
  slaSeconds?: number;
}

export class SpeedToLeadRowDto {
  @ApiProperty({ example: '2026-03-02' }) bucket!: string;
  @ApiProperty({ enum: LEVELS }) level!: string;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) sdrId!: string | null;
  @ApiProperty({ description: 'Leads captured in the bucket' }) leads!: number;
  @ApiProperty({ description: 'Of those, touched by asOf' }) touched!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'First-touch latency, seconds' }) medianSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Seconds!: number | null;
  @ApiProperty() withinSla!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'withinSla / leads' }) shareWithinSla!: number | null;
  @ApiProperty({ description: 'First-touch SLA breaches of these leads by asOf' }) breaches!: number;
}

export class SpeedToLeadDto {
  @ApiProperty() asOf!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) period!: string;
  @ApiProperty() slaSeconds!: number;
  @ApiProperty({ type: [SpeedToLeadRowDto] }) rows!: SpeedToLeadRowDto[];
}
