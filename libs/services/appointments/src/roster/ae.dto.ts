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

const ROLES = ['demo-guru', 'hunter', 'sales-engineer'] as const;

export class RegisterAeDto {
  @ApiPropertyOptional({ example: 'ada', description: 'Generated when absent' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/)
  aeId?: string;

  @ApiProperty({ example: 'Maria Keller' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'maria@example.com' }) @IsEmail() email!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: (typeof ROLES)[number];

  @ApiProperty({ example: ['smb', 'mid-market'], description: "'*' covers every segment" })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  segments!: string[];

  @ApiPropertyOptional({ example: ['software'], description: "Industry expertise; '*' (default) any" })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  industries?: string[];

  @ApiProperty({ type: WorkingHoursDto }) @IsDefined() @ValidateNested() @Type(() => WorkingHoursDto) workingHours!: WorkingHoursDto;
  @ApiProperty({ example: 'Europe/Berlin' }) @IsString() timeZone!: string;
  @ApiPropertyOptional({ description: 'Default by role: demo guru 5, hunter 2 new, SE 5', example: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  dailyCap?: number;
  @ApiPropertyOptional({ description: 'Hunters: default 150', example: 150 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  openDealsCap?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

// An absent field is left as it is; null is validated (and refused) like any other value, never handed on.
export class UpdateAeDto extends PartialType(OmitType(RegisterAeDto, ['aeId'] as const), { skipNullProperties: false }) {}

export class AeTimeOffDto {
  @ApiProperty({ example: '2026-12-22T00:00:00Z' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-02T00:00:00Z' }) @IsISO8601({ strict: true }) to!: string;
}
