import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { WorkingHoursDto } from '../http/working-hours.dto';

/** An id a rep may be registered under (one is generated when absent): SDR and AE ids alike. */
export const ROSTER_ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/**
 * What a rep registers with on any roster (SDRs in routing, AEs and sales engineers in appointments):
 * each roster's DTO extends it with its id and what its assignments decide on.
 */
export class RosterMemberDto {
  @ApiProperty({ example: 'Ana Silva' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'ana@example.com' }) @IsEmail() email!: string;
  @ApiProperty({ type: WorkingHoursDto }) @IsDefined() @ValidateNested() @Type(() => WorkingHoursDto) workingHours!: WorkingHoursDto;
  @ApiProperty({ example: 'Europe/Berlin' }) @IsString() timeZone!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

/** A period of time off on any roster: the rep is given no work from `from` to `to`. */
export class RosterTimeOffDto {
  @ApiProperty({ example: '2026-12-22T00:00:00Z' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-02T00:00:00Z' }) @IsISO8601({ strict: true }) to!: string;
}
