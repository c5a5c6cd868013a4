import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PipelineError, type PipelineErrorCode } from '@leadline/domain';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<PipelineErrorCode, HttpStatus> = {
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
};

/** The one place pipeline (opportunity, nurture, vendor) errors become HTTP answers. */
@Catch(PipelineError, ExpectedVersionConflictError)
export class PipelineErrorFilter implements ExceptionFilter {
  catch(error: PipelineError | ExpectedVersionConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof PipelineError) {
      response.status(STATUS[error.code]).json({ statusCode: STATUS[error.code], error: error.code, message: error.message });
      return;
    }
    response
      .status(HttpStatus.CONFLICT)
      .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
  }
}
