import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CLOCK_TIME } from '@leadline/platform';

const MODES = ['strict', 'flexible'] as const;
const SEGMENTS = ['smb', 'mid-market', 'enterprise'] as const;

export class PreferredWindowDto {
  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays on the prospect wall clock; all when absent',
  })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days?: number[];

  @ApiProperty({ example: '09:00' }) @Matches(CLOCK_TIME, { message: 'start must be HH:MM' }) start!: string;
  @ApiProperty({ example: '12:00' }) @Matches(CLOCK_TIME, { message: 'end must be HH:MM' }) end!: string;
}

export class OfferSlotsDto {
  @ApiPropertyOptional({ example: 'America/New_York', description: "The prospect's time zone; enrichment's or UTC when absent" })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ type: [PreferredWindowDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(14)
  @ValidateNested({ each: true })
  @Type(() => PreferredWindowDto)
  windows?: PreferredWindowDto[];

  @ApiPropertyOptional({ enum: SEGMENTS, description: 'When enrichment did not know it' }) @IsOptional() @IsIn(SEGMENTS) segment?: string;
  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional({ description: 'Earliest start; now plus the minimum notice by default', example: '2026-12-07T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
}

export class SlotChoiceDto {
  @ApiProperty({ example: '2026-12-08T15:00:00Z' }) @IsISO8601({ strict: true }) start!: string;
}

export class BookAppointmentDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) @IsString() @MinLength(1) @MaxLength(100) leadId!: string;

  @ApiPropertyOptional({
    description: 'The offer (POST /leads/{id}/slots) being taken up',
    example: '3e9b2c71-5a4d-4f08-9c1e-6b7a8d9e0f12',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  appointmentId?: string;

  @ApiProperty({ type: [SlotChoiceDto], description: "Acceptable start times, the prospect's first choice first" })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SlotChoiceDto)
  slots!: SlotChoiceDto[];

  @ApiPropertyOptional({ enum: MODES }) @IsOptional() @IsIn(MODES) mode?: (typeof MODES)[number];
  @ApiPropertyOptional({ enum: SEGMENTS }) @IsOptional() @IsIn(SEGMENTS) segment?: string;
}

export class OverrideDto {
  @ApiProperty({
    description: 'Why strict equality is set aside for this hand-over (recorded on the event)',
    example: 'The prospect asked for Maria by name',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class ReassignDto {
  @ApiPropertyOptional({
    description: 'Give the appointment (and its credit) to this AE at the same time; otherwise the platform picks the fairest other AE',
    example: 'ae-maria',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  aeId?: string;

  @ApiPropertyOptional({
    type: OverrideDto,
    description:
      'With an explicit aeId only, by sales-ops (or admin) where APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE is on: set strict equality aside; role, segment and availability still hold',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class RescheduleDto extends ReassignDto {
  @ApiProperty({ example: '2026-12-09T15:00:00Z' }) @IsISO8601({ strict: true }) start!: string;
}

export class CancelDto {
  @ApiProperty({ example: 'The prospect postponed the project' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class DemoOutcomeDto {
  @ApiProperty({ example: true }) @IsBoolean() movedForward!: boolean;
  @ApiPropertyOptional({ example: 'Wants a proposal for 40 seats' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
