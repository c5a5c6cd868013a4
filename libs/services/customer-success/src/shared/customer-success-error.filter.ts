import { HttpStatus } from '@nestjs/common';
import { CustomerSuccessError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place customer-success's domain errors become HTTP answers. */
export const CustomerSuccessErrorFilter = domainErrorFilter(CustomerSuccessError, {
  'invalid-manager': HttpStatus.BAD_REQUEST,
  'manager-already-registered': HttpStatus.CONFLICT,
  'customer-not-found': HttpStatus.NOT_FOUND,
  'customer-exists': HttpStatus.CONFLICT,
  'customer-churned': HttpStatus.CONFLICT,
  'already-onboarded': HttpStatus.CONFLICT,
  'invalid-renewal': HttpStatus.BAD_REQUEST,
  'upsell-not-found': HttpStatus.NOT_FOUND,
  'upsell-exists': HttpStatus.CONFLICT,
  'upsell-closed': HttpStatus.CONFLICT,
  'invalid-upsell': HttpStatus.BAD_REQUEST,
});
