import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggedValidationPipe } from './logged-validation.pipe';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { inputGuard } from './input-guard.middleware';
import { useBodyParsers } from './json-body.parser';

/** Everything every route gets before its controller runs; createLeadlineApp applies it, so tests get it too. */
export function applyEdge(app: NestExpressApplication): void {
  useBodyParsers(app);
  app.use(inputGuard);
  app.useGlobalPipes(new LoggedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new DatabaseUnavailableFilter());
}

export { INPUT_LIMITS, findUnsafeInput, unsafeTextReason, type InputProblem } from './input-limits';
export { logSlowValidation } from './logged-validation.pipe';
