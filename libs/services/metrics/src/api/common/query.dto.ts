import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LEAD_SOURCES } from '@leadline/domain';
import { PERIODS, type Period } from '../../read-models';

/** A date (midnight UTC) or an instant with its zone; a zone-less time would depend on the server's. */
export const MOMENT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d))?$/;
const MOMENT_MESSAGE = (field: string) => `${field} must be a date (2026-03-01) or an ISO-8601 instant with a zone (2026-03-01T09:00:00Z)`;
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const TEAMS = ['inbound', 'outbound'] as const;
export type Team = (typeof TEAMS)[number];
const ID = /^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,99}$/;
const ID_MESSAGE = (field: string) => `${field} must be an id (letters, digits, _.@:-, up to 100)`;

/** The query string of every metric route: the moment the answer is as of, and the window of domain time it covers. */
export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Answer as the data stood at this moment (time travel): only facts at or before it count. Default: now',
    example: '2026-03-31T23:59:59Z',
  })
  @IsOptional()
  @Matches(MOMENT, { message: MOMENT_MESSAGE('asOf') })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Answer as it was known at this moment (bitemporal): only facts recorded by then count, so asking with an answer’s `knownAt` gives that answer again, whatever was recorded later. Default: now (echoed)',
    example: '2026-03-31T23:59:59Z',
  })
  @IsOptional()
  @Matches(MOMENT, { message: MOMENT_MESSAGE('knownAt') })
  knownAt?: string;
}

export class WindowQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Start of the window (inclusive). Default: depends on the period, ending at `to`',
    example: '2026-03-01',
  })
  @IsOptional()
  @Matches(MOMENT, { message: MOMENT_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the window (exclusive). Default: asOf', example: '2026-04-01' })
  @IsOptional()
  @Matches(MOMENT, { message: MOMENT_MESSAGE('to') })
  to?: string;
}

export class PeriodQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, description: 'Bucket size (UTC days, ISO weeks from Monday, calendar months)', default: 'day' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: Period;
}

export class PageQueryDto extends WindowQueryDto {
  @pageLimit() limit?: number;
  @pageOffset() offset?: number;
}

/** A list as of a moment: no window, filters of its own. */
export class ListQueryDto extends AsOfQueryDto {
  @pageLimit() limit?: number;
  @pageOffset() offset?: number;
}

/** Rows per page (100 by default); `minimum` 0 where an answer is worth having without rows. */
export function pageLimit(options: { minimum?: 0 | 1; description?: string } = {}): PropertyDecorator {
  const { minimum = 1, description } = options;
  return compose(
    ApiPropertyOptional({ description, minimum, maximum: 1000, default: 100 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(minimum),
    Max(1000),
  );
}

export function pageOffset(): PropertyDecorator {
  return compose(
    ApiPropertyOptional({ minimum: 0, default: 0 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(1_000_000),
  );
}

/** Optional filters shared by the lead-based metrics. Decorators are applied per DTO (no mixins) so /docs lists them. */
export function segmentFilter(): PropertyDecorator {
  return compose(ApiPropertyOptional({ example: 'smb' }), IsOptional(), IsString(), MinLength(1), MaxLength(100));
}

export function sourceFilter(): PropertyDecorator {
  return compose(ApiPropertyOptional({ enum: LEAD_SOURCES }), IsOptional(), IsIn(LEAD_SOURCES));
}

export function idFilter(field: string, description?: string): PropertyDecorator {
  return compose(ApiPropertyOptional({ description }), IsOptional(), Matches(ID, { message: ID_MESSAGE(field) }));
}

export function oneOf(values: readonly string[], description?: string, fallback?: string): PropertyDecorator {
  return compose(ApiPropertyOptional({ enum: values, description, default: fallback }), IsOptional(), IsIn(values));
}

/** An optional moment other than the window's (a date, or an instant with its zone). */
export function momentParam(field: string, description: string): PropertyDecorator {
  return compose(
    ApiPropertyOptional({ description, example: '2026-03-01' }),
    IsOptional(),
    Matches(MOMENT, { message: MOMENT_MESSAGE(field) }),
  );
}

/** An optional amount of money (no currency conversion: amounts are compared as recorded). */
export function amountParam(description: string): PropertyDecorator {
  return compose(
    ApiPropertyOptional({ description, minimum: 0 }),
    IsOptional(),
    Type(() => Number),
    IsNumber(),
    Min(0),
    Max(1e12),
  );
}

export function monthParam(field: string, description: string): PropertyDecorator {
  return compose(
    ApiPropertyOptional({ description, example: '2026-03' }),
    IsOptional(),
    Matches(MONTH, { message: `${field} must be a calendar month YYYY-MM` }),
  );
}

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}
