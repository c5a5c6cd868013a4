import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { ActivityKind, ActivityOutcome } from '@leadline/domain';

const KINDS: readonly ActivityKind[] = ['call', 'email', 'social'];
const OUTCOMES: readonly ActivityOutcome[] = ['no-answer', 'voicemail', 'connected', 'positive', 'negative', 'callback', 'bad-data'];

export class LogActivityDto {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind!: ActivityKind;
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: ActivityOutcome;
  @ApiPropertyOptional({ description: 'Defaults to the current owner; another SDR is refused', example: 'sdr-ana' })
  @IsOptional()
  @IsString()
  sdrId?: string;
  @ApiPropertyOptional({ example: 'Asked for a call back on Monday' }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional({
    example: '2026-03-02T09:03:00Z',
    description:
      'When the activity happened, if earlier than now (a call logged after it was made). Not in the future, not before the SDR ' +
      'got the lead or an SLA breach already recorded (422 `activity-time-out-of-range`). The first touch is the earliest ' +
      'activity by this time: a later post of an earlier activity moves it (`FirstTouchMoved`).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Budget approved, demo wanted' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

/** The event a lead-work command recorded on the lead's assignment stream. */
export class AssignmentEventDto {
  @ApiProperty({ example: 'ActivityLogged', description: 'ActivityLogged (or FirstTouchMoved), LeadQualified or LeadDisqualified.' })
  readonly type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, as published (see the event's JSON Schema).",
    example: {
      leadId: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10',
      sdrId: 'sdr-ana',
      kind: 'call',
      outcome: 'connected',
      at: '2026-12-04T10:03:00.000Z',
    },
  })
  readonly data!: Record<string, unknown>;
}
