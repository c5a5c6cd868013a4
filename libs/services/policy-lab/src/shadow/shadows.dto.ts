import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEFAULT_ICP_MODEL } from '@leadline/domain';

export class RegisterShadowDto {
  @ApiProperty({ example: 'icp-v2-shadow', description: 'Lower-case letters, digits and dashes; names the candidate in the reports.' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'candidateId must be lower-case letters, digits and dashes (at most 63)' })
  candidateId!: string;

  @ApiProperty({ enum: ['scoring', 'routing'], description: 'scoring: give `model`; routing: give `policy`.' })
  @IsIn(['scoring', 'routing'])
  kind!: 'scoring' | 'routing';

  @ApiPropertyOptional({ description: 'The candidate ICP model (kind scoring).', example: { ...DEFAULT_ICP_MODEL, version: 2 } })
  @IsOptional()
  @IsObject()
  model?: object;

  @ApiPropertyOptional({ description: 'The candidate routing policy (kind routing).', example: { policyId: 'weekly-even-spread' } })
  @IsOptional()
  @IsObject()
  policy?: object;

  @ApiPropertyOptional({ example: 'heavier on fintech, as the Q3 back-test suggested' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DropShadowDto {
  @ApiProperty({ example: 'ranks won deals lower than the active model' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class ShadowCandidateDto {
  @ApiProperty({ example: 'icp-v2-shadow' }) readonly candidateId!: string;
  @ApiProperty({ enum: ['scoring', 'routing'] }) readonly kind!: 'scoring' | 'routing';
  @ApiProperty({ type: 'object', additionalProperties: true, example: { kind: 'scoring', model: { modelId: 'leadline-icp', version: 2 } } })
  readonly candidate!: object;
  @ApiProperty({ enum: ['shadowing', 'promoted', 'dropped'] }) readonly status!: 'shadowing' | 'promoted' | 'dropped';
  @ApiProperty({ example: '2026-12-04T15:00:00.000Z' }) readonly registeredAt!: string;
  @ApiProperty({ nullable: true, example: null }) readonly settledAt!: string | null;
}
