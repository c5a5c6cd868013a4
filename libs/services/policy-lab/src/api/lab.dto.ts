import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ACTIVE_ROUTING_POLICY,
  DEFAULT_ICP_MODEL,
  LEAD_SOURCES,
  type LeadSource,
  type Seniority,
  type Segment,
  type TrainingTarget,
} from '@leadline/domain';

const SENIORITIES: readonly Seniority[] = ['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'];
const SEGMENTS: readonly Segment[] = ['smb', 'mid-market', 'enterprise', 'unknown'];
const MAX_CANDIDATES = 10;

export class ScoringBacktestDto {
  @ApiProperty({
    description: 'Candidate ICP models (the format of GET /scoring/models/current), each validated as scoring validates a model file.',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(MAX_CANDIDATES)
  @IsObject({ each: true })
  candidates!: object[];
}

export class RoutingBacktestDto {
  @ApiPropertyOptional({
    description: 'Candidate routing policies (docs/policy-lab.md); the active policy is always replayed first.',
    type: 'array',
    items: { type: 'object' },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CANDIDATES)
  @IsObject({ each: true })
  candidates?: object[];
}

export class FirmographicsDto {
  @ApiPropertyOptional({ type: Number, nullable: true, example: 420 }) @IsOptional() @IsInt() @Min(0) headcount!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 63000000 }) @IsOptional() @IsNumber() @Min(0) annualRevenue!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Fintech' }) @IsOptional() @IsString() @MaxLength(200) industry!:
    string | null;
  @ApiProperty({ type: [String], example: ['AWS'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  technologies!: string[];
}

/** A hypothetical lead: what scoring and routing read about it. */
export class PreviewLeadDto {
  @ApiProperty({ enum: LEAD_SOURCES }) @IsIn(LEAD_SOURCES) source!: LeadSource;
  @ApiProperty({ enum: SENIORITIES }) @IsIn(SENIORITIES) seniority!: Seniority;
  @ApiProperty({ example: true }) @IsBoolean() buyingAuthority!: boolean;
  @ApiPropertyOptional({ default: false, example: false }) @IsOptional() @IsBoolean() freeMail: boolean = false;
  @ApiProperty({ enum: SEGMENTS }) @IsIn(SEGMENTS) segment!: Segment;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'na' }) @IsOptional() @IsString() @MaxLength(100) territory: string | null =
    null;
  @ApiProperty({ type: FirmographicsDto }) @ValidateNested() @Type(() => FirmographicsDto) firmographics!: FirmographicsDto;
}

export class PreviewDto {
  @ApiPropertyOptional({
    description: 'A recorded lead: its latest scored features and territory. Give this or `lead`.',
    example: '4f1c2a9e-1d5b-4c61-9a3e-0b7d2f6e8a10',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  leadId?: string;

  @ApiPropertyOptional({ type: PreviewLeadDto, description: 'A hypothetical lead. Give this or `leadId`.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreviewLeadDto)
  lead?: PreviewLeadDto;

  @ApiProperty({ example: '2026-12-04T15:00:00Z', description: 'The moment: the roster and loads as recorded up to then.' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({
    description: 'A candidate ICP model; the active one when left out.',
    example: { ...DEFAULT_ICP_MODEL, version: 2 },
  })
  @IsOptional()
  @IsObject()
  model?: object;

  @ApiPropertyOptional({ description: 'A candidate routing policy; the active one when left out.', example: ACTIVE_ROUTING_POLICY })
  @IsOptional()
  @IsObject()
  policy?: object;
}

export class TrainDto {
  @ApiProperty({ enum: ['qualified', 'won'] }) @IsIn(['qualified', 'won']) target!: TrainingTarget;
  @ApiProperty({ example: 'leadline-icp' }) @IsString() @MinLength(1) @MaxLength(100) modelId!: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ default: 1, example: 1 }) @IsOptional() @IsInt() seed: number = 1;
  @ApiPropertyOptional({
    description: 'Only leads scored before this moment count (younger ones have not had time to convert).',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  settledBefore?: string;
}

export class CapacityDto {
  @ApiPropertyOptional({ default: 10, example: 10, description: 'Minutes a first touch takes an SDR.' })
  @IsOptional()
  @IsNumber()
  @Min(0.1)
  @Max(480)
  handlingMinutes: number = 10;

  @ApiPropertyOptional({
    type: [Number],
    default: [0, 10, 25, 50],
    description: 'Lead volume growth, in percent, to judge today’s roster on.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(-100, { each: true })
  @Max(1000, { each: true })
  growthPercent: number[] = [0, 10, 25, 50];

  @ApiPropertyOptional({ default: 0.95, example: 0.95, description: 'Share of inbound leads to touch within the SLA.' })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(0.999)
  target?: number;

  @ApiPropertyOptional({ default: 1, example: 1 }) @IsOptional() @IsInt() seed: number = 1;

  @ApiPropertyOptional({ description: 'Simulated weeks (more: steadier figures, slower answer).', default: 8, example: 8 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  weeks?: number;

  @ApiPropertyOptional({
    type: [Number],
    description: '168 leads-per-hour figures (Monday 00:00 UTC first) to plan for instead of the recorded arrivals.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(168)
  @ArrayMaxSize(168)
  @IsNumber({}, { each: true })
  @Min(0, { each: true })
  perHour?: number[];
}
