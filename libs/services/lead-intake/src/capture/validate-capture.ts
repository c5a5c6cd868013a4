import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { logSlowValidation } from '@leadline/platform';
import { CaptureLeadDto } from './capture-lead.dto';

export interface FieldError {
  /** Dotted path of the field in the request body, e.g. `contact.email`. */
  readonly field: string;
  readonly messages: readonly string[];
}

export type CaptureValidation = { ok: true; dto: CaptureLeadDto } | { ok: false; errors: FieldError[] };

/**
 * The capture body checked as the global ValidationPipe would (whitelist, unknown fields
 * refused), but with each error naming its field path: the HTTP endpoint and the list import
 * share it.
 */
export async function validateCapture(body: unknown): Promise<CaptureValidation> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', messages: ['body must be a JSON object'] }] };
  }
  const started = performance.now();
  const dto = plainToInstance(CaptureLeadDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  logSlowValidation(started, 'lead capture');
  return errors.length === 0 ? { ok: true, dto } : { ok: false, errors: flatten(errors, '') };
}

function flatten(errors: readonly ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function describeErrors(errors: readonly FieldError[]): string[] {
  return errors.flatMap((e) => e.messages.map((m) => (e.field && !m.startsWith(e.field) ? `${e.field}: ${m}` : m)));
}

export class CaptureValidationException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super({ statusCode: 400, error: 'Bad Request', message: describeErrors(errors), errors });
  }
}
