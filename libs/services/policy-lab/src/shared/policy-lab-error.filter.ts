import { HttpStatus } from '@nestjs/common';
import { PolicyLabError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place the lab's domain errors become HTTP answers. */
export const PolicyLabErrorFilter = domainErrorFilter(PolicyLabError, {
  'too-little-history': HttpStatus.UNPROCESSABLE_ENTITY,
  'invalid-candidate': HttpStatus.BAD_REQUEST,
  'unknown-candidate': HttpStatus.NOT_FOUND,
  'unknown-lead': HttpStatus.NOT_FOUND,
  'shadow-not-registered': HttpStatus.CONFLICT,
  'shadow-already-registered': HttpStatus.CONFLICT,
});
