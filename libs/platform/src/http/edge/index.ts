import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggedValidationPipe } from './logged-validation.pipe';
import helmet from 'helmet';
import type { HttpEdgeConfig } from '../../config';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { inputGuard } from './input-guard.middleware';
import { useBodyParsers } from './json-body.parser';

/** Headers a browser form may send across origins (when its origin is in CORS_ORIGINS). */
const CORS_REQUEST_HEADERS = ['content-type', 'idempotency-key', 'authorization', 'x-api-key', 'x-request-id'];

/** Everything every route gets before its controller runs; createLeadlineApp applies it, so tests get it too. */
export function applyEdge(app: NestExpressApplication, http: HttpEdgeConfig): void {
  // The client address the rate limit counts by: the socket's peer unless TRUST_PROXY names the proxies.
  app.set('trust proxy', http.trustProxy === false ? false : http.trustProxy);
  app.use(helmet());
  // Only the listed origins' pages may call the API from a browser; without CORS_ORIGINS none may.
  app.enableCors({
    origin: http.corsOrigins.length > 0 ? [...http.corsOrigins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    // X-Request-Id: a page can quote the id its request was logged under.
    exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id'],
    maxAge: 600,
  });
  useBodyParsers(app);
  app.use(inputGuard);
  app.useGlobalPipes(new LoggedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new DatabaseUnavailableFilter());
}

export { INPUT_LIMITS, findUnsafeInput, unsafeTextReason, type InputProblem } from './input-limits';
export { logSlowValidation } from './logged-validation.pipe';
