import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_SLA_SECONDS, SPEED_SCOPES, type SpeedScope } from '../../read-models';
import { PageAnswerDto, PeriodAnswerDto } from '../common/answer.dto';
import { idFilter, oneOf, PageQueryDto, PeriodQueryDto, TEAMS, type Team } from '../common/query.dto';

export const LEVELS = ['all', 'team', 'sdr'] as const;

export class SpeedToLeadQueryDto extends PeriodQueryDto {
  @oneOf(
    SPEED_SCOPES,
    'Only rows of this scope: inbound (the leads the 5-minute rule is about), outbound, f-graded, vendor-held. Default: every scope',
  )
  scope?: SpeedScope;
  @oneOf(TEAMS, 'Only leads routed to this team') team?: Team;
  @idFilter('sdrId', 'Only leads this SDR touched first (or holds, untouched)') sdrId?: string;
  @oneOf(LEVELS, 'Only rows of this level: all (per bucket), team, or sdr. Default: every level') level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({
    description: 'The first-touch SLA in seconds (the 5-minute rule by default)',
    default: DEFAULT_SLA_SECONDS,
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
  @ApiProperty({ enum: SPEED_SCOPES, description: 'The rule the leads are held to; only inbound is under the 5-minute rule' })
  scope!: string;
  @ApiProperty({ enum: LEVELS }) level!: string;
  @ApiProperty({ example: 'inbound', type: String, nullable: true }) team!: string | null;
  @ApiProperty({ example: 'sdr-ana', type: String, nullable: true }) sdrId!: string | null;
  @ApiProperty({ example: 400, description: 'Leads captured in the bucket' }) leads!: number;
  @ApiProperty({ example: 390, description: 'Of those, attempted (any activity) by asOf' }) touched!: number;
  @ApiProperty({ example: 240, type: Number, nullable: true, description: 'Time to first attempt, seconds' }) medianSeconds!: number | null;
  @ApiProperty({ example: 900, type: Number, nullable: true }) p90Seconds!: number | null;
  @ApiProperty({ example: 360 }) withinSla!: number;
  @ApiProperty({ example: 0.92, type: Number, nullable: true, description: 'withinSla / leads' }) shareWithinSla!: number | null;
  @ApiProperty({ example: 86, description: 'Of those, reached (a conversation) by asOf' }) reached!: number;
  @ApiProperty({ example: 5400, type: Number, nullable: true, description: 'Time to first conversation, seconds' })
  medianConversationSeconds!: number | null;
  @ApiProperty({ example: 86400, type: Number, nullable: true }) p90ConversationSeconds!: number | null;
  @ApiProperty({ example: 70 }) reachedWithinSla!: number;
  @ApiProperty({ example: 0.81, type: Number, nullable: true, description: 'reachedWithinSla / leads' }) shareReachedWithinSla!:
    number | null;
  @ApiProperty({ example: 260, description: 'Activities logged on these leads by asOf' }) attempts!: number;
  @ApiProperty({ example: 2.1, type: Number, nullable: true, description: 'attempts / leads' }) attemptsPerLead!: number | null;
  @ApiProperty({ example: 3, description: 'First-touch SLA breaches of these leads by asOf' }) breaches!: number;
}

export class SpeedToLeadDto extends PeriodAnswerDto {
  @ApiProperty({ example: 300 }) slaSeconds!: number;
  @ApiProperty({ type: [SpeedToLeadRowDto] }) rows!: SpeedToLeadRowDto[];
}

export class SlaBreachesQueryDto extends PageQueryDto {
  @idFilter('sdrId', 'Only breaches of this SDR') sdrId?: string;
  @oneOf(TEAMS, 'Only leads routed to this team') team?: Team;
}

export class SlaBreachDto {
  @ApiProperty({ example: '7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f' }) eventId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ example: 'sdr-ana' }) sdrId!: string;
  @ApiPropertyOptional({ example: 'Ana Silva', type: String, nullable: true }) sdrName!: string | null;
  @ApiProperty({ example: '2026-12-04T10:05:00.000Z', description: 'The first-touch deadline' }) slaDueAt!: string;
  @ApiProperty({ example: '2026-12-04T10:05:00.000Z' }) breachedAt!: string;
  @ApiPropertyOptional({ example: '2026-12-04T10:00:00.000Z', type: String, nullable: true }) capturedAt!: string | null;
  @ApiPropertyOptional({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiPropertyOptional({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiPropertyOptional({ example: 'inbound', type: String, nullable: true, description: 'The team the lead was routed to' }) team!:
    string | null;
  @ApiPropertyOptional({
    example: '2026-12-04T10:03:00.000Z',
    type: String,
    nullable: true,
    description: 'The eventual first touch, if it happened by asOf',
  })
  firstTouchAt!: string | null;
  @ApiPropertyOptional({ example: 'sdr-ana', type: String, nullable: true }) firstTouchSdrId!: string | null;
  @ApiPropertyOptional({ example: 420, type: Number, nullable: true, description: 'Capture to first touch, seconds (by asOf)' })
  latencySeconds!: number | null;
}

export class SlaBreachesDto extends PageAnswerDto {
  @ApiProperty({ type: [SlaBreachDto], description: 'Newest first' }) rows!: SlaBreachDto[];
}
