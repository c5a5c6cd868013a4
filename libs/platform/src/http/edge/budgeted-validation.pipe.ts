import { BadRequestException, Logger, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { INPUT_LIMITS } from './input-limits';

export class ValidationBudgetExceededException extends BadRequestException {
  constructor(elapsedMs: number) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: [`the request took ${Math.round(elapsedMs)} ms to validate, over the ${INPUT_LIMITS.validationBudgetMs} ms budget`],
    });
  }
}

/**
 * The time validation that began at `startedAt` (performance.now()) took, when it ran past the
 * budget (logged), else undefined. JavaScript cannot interrupt a running validator: the limits
 * before it (size, depth, linear patterns) are what keep validation short. Refusing what still
 * got slow keeps it from going on to write anything, and the log names the slow validator.
 */
export function validationOverBudget(startedAt: number, what: string): number | undefined {
  const elapsed = performance.now() - startedAt;
  if (elapsed <= INPUT_LIMITS.validationBudgetMs) return undefined;
  new Logger('ValidationBudget').warn(`${what}: validation took ${Math.round(elapsed)} ms, over its budget; refused`);
  return elapsed;
}

/** The global ValidationPipe, held to the validation budget. */
export class BudgetedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const started = performance.now();
    const result: unknown = await super.transform(value, metadata);
    const overBudget = validationOverBudget(started, `${metadata.type} ${metadata.metatype?.name ?? 'value'}`);
    if (overBudget !== undefined) throw new ValidationBudgetExceededException(overBudget);
    return result;
  }
}
