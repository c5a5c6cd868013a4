import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LEAD_SOURCES, type LeadSource } from '@leadline/domain';
import { IsFlatAttributes } from './flat-attributes.validator';

const NAME = 200;

export class ContactDto {
  @ApiPropertyOptional({ maxLength: NAME, example: 'Ada' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: NAME, example: 'Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME)
  lastName?: string;

  @ApiPropertyOptional({ description: 'Required unless a phone is given; trimmed and lower-cased.', example: 'ada@acme.com' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @ValidateIf((contact: ContactDto) => contact.email !== undefined || contact.phone === undefined)
  @IsNotEmpty({ message: 'email or phone is required' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({
    description: 'Any common format; read with the company country when national, stored in E.164.',
    example: '+1 (415) 555-0100',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  // Linear: the lookahead's class and \d are disjoint, as are the run's class and the extension's first letter.
  @Matches(/^(?=[+()\s.\-/]*\d)[+()\d\s.\-/]+(?:(?:x|ext\.?)\s*\d+)?$/i, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: NAME, example: 'VP Engineering' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME)
  title?: string;
}

export class CompanyDto {
  @ApiPropertyOptional({ maxLength: NAME, example: 'Acme Inc.' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME)
  name?: string;

  @ApiPropertyOptional({ example: 'https://www.acme.com' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  website?: string;

  @ApiPropertyOptional({ example: 'acme.com' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i, { message: 'domain must be a domain name such as acme.com' })
  domain?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2', example: 'US' })
  @IsOptional()
  @IsString()
  @Length(2, 2)
  @Matches(/^[a-z]{2}$/i, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;
}

export class CaptureLeadDto {
  @ApiProperty({ enum: LEAD_SOURCES, example: 'inbound-web' })
  @IsIn(LEAD_SOURCES, { message: `source must be one of: ${LEAD_SOURCES.join(', ')}` })
  source!: LeadSource;

  @ApiPropertyOptional({ description: 'List vendor (purchased lists)', example: 'vendor-datacorp' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  vendorId?: string;

  @ApiPropertyOptional({ example: 'list-2026-12' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  listId?: string;

  @ApiPropertyOptional({ example: 'webinar-q4' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaignId?: string;

  @ApiProperty({ type: ContactDto })
  @IsObject({ message: 'contact must be an object' })
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;

  @ApiPropertyOptional({ type: CompanyDto })
  @IsOptional()
  @IsObject({ message: 'company must be an object' })
  @ValidateNested()
  @Type(() => CompanyDto)
  company?: CompanyDto;

  @ApiPropertyOptional({ description: 'Marketing consent given by the prospect', default: false })
  @IsOptional()
  @IsBoolean()
  consent?: boolean;

  @ApiPropertyOptional({
    description: 'Free-form flat attributes: string, number, boolean or null values (at most 50).',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { employees: 250, utm_source: 'newsletter' },
  })
  @IsOptional()
  @IsFlatAttributes()
  attributes?: Record<string, string | number | boolean | null>;
}

export class CaptureLeadResponseDto {
  @ApiProperty({ format: 'uuid', example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' })
  leadId!: string;

  @ApiProperty({ enum: ['captured', 'duplicate'], description: 'duplicate: merged into the existing lead as a reversible duplicate' })
  status!: 'captured' | 'duplicate';
}
