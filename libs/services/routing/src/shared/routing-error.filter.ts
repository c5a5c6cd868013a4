import { HttpStatus } from '@nestjs/common';
import { RoutingError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place routing's domain errors become HTTP answers. */
export const RoutingErrorFilter = domainErrorFilter(RoutingError, {
  'sdr-already-registered': HttpStatus.CONFLICT,
  'sdr-not-found': HttpStatus.NOT_FOUND,
  'invalid-sdr': HttpStatus.BAD_REQUEST,
  'lead-not-assigned': HttpStatus.NOT_FOUND,
  'lead-closed': HttpStatus.CONFLICT,
  'not-the-owner': HttpStatus.FORBIDDEN,
  'activity-time-out-of-range': HttpStatus.UNPROCESSABLE_ENTITY,
  'invalid-policy': HttpStatus.BAD_REQUEST,
});
