import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@leadline/domain';

/** An API key as the admin API shows it: never its secret. */
export class ApiKeyViewDto {
  @ApiProperty({ example: 'k7Qm2xWc9RbT' })
  readonly keyId!: string;

  @ApiProperty({ example: 'web form' })
  readonly label!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['intake'] })
  readonly roles!: readonly string[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The SDR or AE a rep key acts as.' })
  readonly repId!: string | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['inbound-web'],
    description: 'The lead sources an intake key may capture; null for any.',
  })
  readonly sources!: readonly string[] | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: "A manager key's manager (their team: the SDRs naming it)." })
  readonly managerEmail!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2027-01-01T00:00:00.000Z' })
  readonly expiresAt!: string | null;

  @ApiProperty({ example: 'admin', description: 'The key id (or token subject) that issued it.' })
  readonly issuedBy!: string;

  @ApiProperty({ example: '2026-12-04T09:30:00.000Z' })
  readonly issuedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  readonly revokedBy!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  readonly revokedAt!: string | null;
}

/** The answer to issuing a key: the only time its secret is shown. */
export class IssuedApiKeyDto extends ApiKeyViewDto {
  @ApiProperty({ example: 'll_k7Qm2xWc9RbT_3vN8pZ…', description: 'The key itself, shown once: store it now.' })
  readonly key!: string;
}

/** Who the credentials are (`GET /auth/whoami`). */
export class PrincipalDto {
  @ApiProperty({ enum: ['api-key', 'token', 'system'] })
  readonly kind!: 'api-key' | 'token' | 'system';

  @ApiProperty({ example: 'k7Qm2xWc9RbT', description: "The key id, or the token's `sub`." })
  readonly id!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['rep'] })
  readonly roles!: readonly Role[];

  @ApiProperty({ type: String, nullable: true, example: 'sdr-ana', description: 'The SDR or AE a rep acts as.' })
  readonly repId!: string | null;

  @ApiProperty({ type: [String], nullable: true, example: null, description: 'An intake key limited to these sources; null for any.' })
  readonly sources!: readonly string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: null, description: 'The manager a manager acts as (their team).' })
  readonly managerEmail?: string | null;
}
