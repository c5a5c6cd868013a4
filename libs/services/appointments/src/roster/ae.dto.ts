import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ROSTER_ID, RosterMemberDto, RosterTimeOffDto } from '@leadline/platform';

const ROLES = ['demo-guru', 'hunter', 'sales-engineer'] as const;

/** An AE or sales engineer: name, email, working hours, time zone and active as on every roster. */
export class RegisterAeDto extends RosterMemberDto {
  @ApiPropertyOptional({ example: 'ada', description: 'Generated when absent' })
  @IsOptional()
  @Matches(ROSTER_ID)
  aeId?: string;

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
}

// An absent field is left as it is; null is validated (and refused) like any other value, never handed on.
export class UpdateAeDto extends PartialType(OmitType(RegisterAeDto, ['aeId'] as const), { skipNullProperties: false }) {}

/** An AE's time off: the period alone (the API's schema keeps its name). */
export class AeTimeOffDto extends RosterTimeOffDto {}
