import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field's problems in a 400 (intake's capture names each field's path). */
export class FieldErrorDto {
  @ApiProperty({ example: 'contact.email' })
  readonly field!: string;

  @ApiProperty({ type: [String], example: ['must be an email address'] })
  readonly messages!: readonly string[];
}

/**
 * Every error answer of every service: the domain-error filter's `{ statusCode, error: code, message }`,
 * the validation pipe's and Nest's `{ statusCode, message: [...], error: 'Bad Request' }` (401, 403, 404
 * alike), the rate limit's 429 and the database's or the draining process's 503.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409, description: 'The HTTP status again.' })
  readonly statusCode!: number;

  @ApiPropertyOptional({
    example: 'concurrent-change',
    description:
      "A domain error's stable code (kebab-case), or the HTTP reason phrase (`Bad Request`, `Unauthorized`, …); absent on an unexpected 500.",
  })
  readonly error?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'changed concurrently; retry',
    description: 'What went wrong, for people; a validation failure lists one message per problem.',
  })
  readonly message!: string | readonly string[];

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Field-level problems (lead capture only).' })
  readonly errors?: readonly FieldErrorDto[];
}
