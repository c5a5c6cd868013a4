import type { IncomingMessage } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import { findUnsafeInput, unsafeTextReason, type InputProblem } from './input-limits';

/** The parts of an Express request the guard reads (parsed by then). */
interface ParsedRequest extends IncomingMessage {
  readonly path?: string;
  readonly query?: unknown;
  readonly body?: unknown;
}

type Next = (error?: unknown) => void;

/** A 400 shaped like every other validation answer: `message[]` plus `errors[]` of `{ field, messages }`. */
export class UnsafeInputException extends BadRequestException {
  constructor(problem: InputProblem) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: [`${problem.field} ${problem.reason}`],
      errors: [{ field: problem.field, messages: [problem.reason] }],
    });
  }
}

/**
 * Runs after body parsing and before routing, for every route: refuses path segments, query
 * values and body values that hold NUL characters or lone surrogates, prototype keys, or nest
 * too deep, or hold more values than a form ever does.
 */
export function inputGuard(req: ParsedRequest, _res: unknown, next: Next): void {
  const problem = pathProblem(req.path ?? '') ?? findUnsafeInput(req.query, 'query') ?? findUnsafeInput(req.body, 'body');
  next(problem ? new UnsafeInputException(problem) : undefined);
}

function pathProblem(path: string): InputProblem | undefined {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { field: 'path', reason: 'has a malformed percent-encoding' };
    }
    const reason = unsafeTextReason(decoded);
    if (reason) return { field: 'path', reason };
  }
  return undefined;
}
