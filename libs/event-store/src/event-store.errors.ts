import type { ExpectedVersion } from './event.types';

export class ExpectedVersionConflictError extends Error {
  override readonly name = 'ExpectedVersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** Some, but not all, of the event ids of an append are already stored, elsewhere or in another order. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`Stream ${streamId}: event ids already stored by a different append: ${eventIds.join(', ')}`);
  }
}

/**
 * PostgreSQL could not be reached, or the connection was lost mid-work. The work did not commit,
 * unless `commitOutcomeUnknown`: the connection died while COMMIT was under way.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    cause: unknown,
    readonly commitOutcomeUnknown = false,
  ) {
    super(message, { cause });
  }
}
