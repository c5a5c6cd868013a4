import { HttpStatus } from '@nestjs/common';
import { PipelineError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place pipeline (opportunity, nurture, vendor) errors become HTTP answers. */
export const PipelineErrorFilter = domainErrorFilter(PipelineError, {
  'opportunity-not-found': HttpStatus.NOT_FOUND,
  'opportunity-exists': HttpStatus.CONFLICT,
  'opportunity-closed': HttpStatus.CONFLICT,
  'invalid-stage-change': HttpStatus.UNPROCESSABLE_ENTITY,
  'invalid-win': HttpStatus.BAD_REQUEST,
  'invalid-loss': HttpStatus.BAD_REQUEST,
  'not-nurtured': HttpStatus.CONFLICT,
  'already-nurtured': HttpStatus.CONFLICT,
  'invalid-nurture': HttpStatus.BAD_REQUEST,
  'invalid-list': HttpStatus.BAD_REQUEST,
  'list-already-received': HttpStatus.CONFLICT,
  'vendor-not-sampling': HttpStatus.CONFLICT,
  'vendor-not-found': HttpStatus.NOT_FOUND,
});
