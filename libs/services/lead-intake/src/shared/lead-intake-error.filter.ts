import { HttpStatus } from '@nestjs/common';
import { LeadIntakeError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place lead-intake's domain errors become HTTP answers. */
export const LeadIntakeErrorFilter = domainErrorFilter(LeadIntakeError, {
  'lead-exists': HttpStatus.CONFLICT,
  'lead-not-found': HttpStatus.NOT_FOUND,
  'capture-not-merged': HttpStatus.CONFLICT,
  'person-erased': HttpStatus.GONE,
});
