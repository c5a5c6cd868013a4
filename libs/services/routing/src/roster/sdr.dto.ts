import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
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
  IsDefined,
} from 'class-validator';
import { WorkingHoursDto } from '@leadline/platform';

const SEGMENTS = ['smb', 'mid-market', 'enterprise', '*'] as const;

export class RegisterSdrDto {
  @ApiPropertyOptional({ example: 'ada', description: 'Generated when absent' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/)
  sdrId?: string;

  @ApiProperty({ example: 'Ana Silva' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'ana@example.com' }) @IsEmail() email!: string;
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

  @ApiProperty({ type: WorkingHoursDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours!: WorkingHoursDto;

  @ApiProperty({ example: 'Europe/Berlin' }) @IsString() timeZone!: string;

  @ApiPropertyOptional({ default: 160 }) @IsOptional() @IsInt() @Min(1) @Max(10_000) weeklyCapacity?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

// An absent field is left as it is; null is validated (and refused) like any other value, never handed on.
export class UpdateSdrDto extends PartialType(OmitType(RegisterSdrDto, ['sdrId'] as const), { skipNullProperties: false }) {}

export class TimeOffDto {
  @ApiProperty({ example: '2026-12-22T00:00:00Z' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-02T00:00:00Z' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({ example: 'holiday' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
