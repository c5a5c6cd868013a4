import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { ActivityKind, ActivityOutcome } from '@leadline/domain';

const KINDS: readonly ActivityKind[] = ['call', 'email', 'social'];
const OUTCOMES: readonly ActivityOutcome[] = ['no-answer', 'voicemail', 'connected', 'positive', 'negative', 'callback', 'bad-data'];

export class LogActivityDto {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind!: ActivityKind;
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: ActivityOutcome;
  @ApiPropertyOptional({ description: 'Defaults to the current owner; another SDR is refused' })
  @IsOptional()
  @IsString()
  sdrId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
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
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}
