import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsISO8601, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AccessError, ROLES, type Role } from '@leadline/domain';
import { domainErrorFilter } from '../http/domain-error.filter';
import { ApiDomainErrors } from '../http/openapi/api-errors.decorator';
import { ApiRoute } from '../http/openapi/api-route.decorator';
import { ApiKeyViewDto, IssuedApiKeyDto, PrincipalDto } from './api-key-view.dto';
import type { ApiKeyView } from './api-keys.repository';
import { ApiKeys, type IssuedApiKey } from './api-keys.service';
import type { Principal } from './principal';
import { Caller, Roles } from './roles.decorator';

const AccessErrorFilter = domainErrorFilter(AccessError, {
  'invalid-api-key': HttpStatus.BAD_REQUEST,
  'api-key-exists': HttpStatus.CONFLICT,
  'api-key-not-found': HttpStatus.NOT_FOUND,
});

export class IssueApiKeyDto {
  @ApiProperty({ example: 'web form', description: 'What the key is for (shown in the key list).' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['intake'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ description: 'The SDR or AE a rep key acts as (required with the rep role).', example: 'sdr-ana' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/)
  repId?: string;

  @ApiPropertyOptional({
    description: "A manager key's manager: their team is the SDRs whose roster entry names this managerEmail (none: no team).",
    example: 'boss@sales.example',
  })
  @IsOptional()
  @IsEmail()
  managerEmail?: string;

  @ApiPropertyOptional({
    description: 'Limits an intake key to these lead sources (POST /leads: 403 for another; a list row of another: invalid).',
    example: ['inbound-web'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  sources?: string[];

  @ApiPropertyOptional({ description: 'When the key stops working (ISO-8601); none by default.', example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

/** The admin API over API keys: issue (the key is in this one answer only), list, read, revoke. */
@ApiTags('auth')
@Controller('auth')
@UseFilters(AccessErrorFilter)
@ApiDomainErrors(AccessErrorFilter)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Post('keys')
  @HttpCode(201)
  @Roles('admin')
  @ApiRoute({ summary: 'Issue an API key (its secret is in this answer only)', ok: IssuedApiKeyDto, status: 201, errors: [400] })
  issue(@Body() dto: IssueApiKeyDto, @Caller() caller: Principal): Promise<IssuedApiKey> {
    return this.keys.issue(dto, caller.id);
  }

  @Get('keys')
  @Roles('admin')
  @ApiRoute({ summary: 'List the API keys (never their secrets)', ok: [ApiKeyViewDto] })
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  @Get('keys/:keyId')
  @Roles('admin')
  @ApiRoute({ summary: 'Read one API key', ok: ApiKeyViewDto })
  get(@Param('keyId') keyId: string): Promise<ApiKeyView> {
    return this.keys.get(keyId);
  }

  @Post('keys/:keyId/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiRoute({ summary: 'Revoke an API key: it stops working at once', ok: ApiKeyViewDto })
  revoke(@Param('keyId') keyId: string, @Caller() caller: Principal): Promise<ApiKeyView> {
    return this.keys.revoke(keyId, caller.id);
  }

  /** Who the credentials are: kind, id, roles, rep. */
  @Get('whoami')
  @Roles(...ROLES)
  @ApiRoute({ summary: 'Who the credentials of this request are: kind, id, roles, rep', ok: PrincipalDto })
  whoami(@Caller() caller: Principal): Principal {
    return caller;
  }
}
