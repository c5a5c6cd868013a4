import type { NestExpressApplication } from '@nestjs/platform-express';
import { INPUT_LIMITS, jsonDepthWithin } from './input-limits';

/** body-parser answers a `verify` error with its status. */
class BodyTooDeepError extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super(`the body nests objects and arrays deeper than ${INPUT_LIMITS.maxDepth} levels`);
  }
}

/**
 * The JSON and form parsers Nest would register, with the size limit stated and a nesting check
 * on the raw bytes before JSON.parse (deep nesting overflowed the stack of class-transformer).
 */
export function useBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', {
    limit: INPUT_LIMITS.maxBodyBytes,
    verify: (_req: unknown, _res: unknown, raw: Buffer) => {
      if (!jsonDepthWithin(raw, INPUT_LIMITS.maxDepth)) throw new BodyTooDeepError();
    },
  });
  app.useBodyParser('urlencoded', { extended: true, limit: INPUT_LIMITS.maxBodyBytes, depth: INPUT_LIMITS.maxDepth });
}
