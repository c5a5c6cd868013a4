import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
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
}

export class ReasonDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}
