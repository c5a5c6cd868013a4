import { HttpStatus } from '@nestjs/common';
import { MetricsError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place the metrics service's domain errors become HTTP answers. */
export const MetricsErrorFilter = domainErrorFilter(MetricsError, {
  'invalid-spend': HttpStatus.BAD_REQUEST,
  'spend-exists': HttpStatus.CONFLICT,
  'spend-not-found': HttpStatus.NOT_FOUND,
});
