import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROSTER_ID, RosterMemberDto, RosterTimeOffDto } from '@leadline/platform';

const SEGMENTS = ['smb', 'mid-market', 'enterprise', '*'] as const;

/** An SDR: name, email, working hours, time zone and active as on every roster. */
export class RegisterSdrDto extends RosterMemberDto {
  @ApiPropertyOptional({ example: 'ada', description: 'Generated when absent' })
  @IsOptional()
  @Matches(ROSTER_ID)
  sdrId?: string;

  @ApiProperty({ example: 'lena@example.com' }) @IsEmail() managerEmail!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) @IsIn(['inbound', 'outbound']) team!: 'inbound' | 'outbound';

  @ApiProperty({ example: ['dach'], description: "'*' covers every territory" })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  territories!: string[];

  @ApiProperty({ enum: SEGMENTS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(SEGMENTS, { each: true })
  segments!: (typeof SEGMENTS)[number][];

  @ApiPropertyOptional({ default: 160 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) weeklyCapacity?: number;
}

// An absent field is left as it is; null is validated (and refused) like any other value, never handed on.
export class UpdateSdrDto extends PartialType(OmitType(RegisterSdrDto, ['sdrId'] as const), { skipNullProperties: false }) {}

/** An SDR's time off, with why. */
export class TimeOffDto extends RosterTimeOffDto {
  @ApiPropertyOptional({ example: 'holiday' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
