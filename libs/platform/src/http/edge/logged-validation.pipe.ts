import { Logger, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { INPUT_LIMITS } from './input-limits';

const logger = new Logger('SlowValidation');

/**
 * Logs validation that began at `startedAt` (performance.now()) and took longer than
 * `INPUT_LIMITS.slowValidationMs`, naming what was validated. It never refuses: the elapsed time
 * includes whatever else the event loop ran meanwhile, so on a busy machine a valid request would be
 * refused (it was, under load). What keeps validation short is bounded by the input itself: size,
 * depth, value count and linear patterns, checked before the validator runs.
 */
export function logSlowValidation(startedAt: number, what: string): void {
  const elapsed = performance.now() - startedAt;
  if (elapsed > INPUT_LIMITS.slowValidationMs) logger.warn(`${what}: validation took ${Math.round(elapsed)} ms`);
}

/** The global ValidationPipe, logging slow validations. */
export class LoggedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const started = performance.now();
    const result: unknown = await super.transform(value, metadata);
    logSlowValidation(started, `${metadata.type} ${metadata.metatype?.name ?? 'value'}`);
    return result;
  }
}
