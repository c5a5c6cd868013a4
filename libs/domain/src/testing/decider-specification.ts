import type { Command, Decider, Event } from '../shared/decider';

/**
 * Given/when/then over events for any decider, after Emmett's `DeciderSpecification`: the history
 * is folded with `evolve` from the initial state, the command decided on it, and the outcome
 * compared. Plain TypeScript (no test framework): a failed expectation throws, which fails the
 * test in jest or any other runner.
 *
 *   const given = DeciderSpecification.for(spendDecider);
 *   given([recorded]).when(recordAgain).thenNothingHappened();
 *   given([]).when(recordInvalid).thenThrows(MetricsError, 'invalid-spend');
 */
export const DeciderSpecification = { for: deciderSpecificationFor };

export interface DeciderOutcome<E> {
  /**
   * The command yields exactly these events, in this order (compared like jest's `toEqual`); or,
   * given a function, the events pass it: it throws (e.g. a failed `expect`) to fail the test.
   */
  then(expected: E | readonly E[] | ((events: E[]) => void)): void;
  thenNothingHappened(): void;
  /** The command is refused with an error that passes `check`. */
  thenThrows(check: (error: unknown) => boolean): void;
  /** The command is refused with an error of this class that passes `check`, when given. */
  thenThrows<X extends Error>(errorClass: abstract new (...args: never[]) => X, check?: (error: X) => boolean): void;
  /** The command is refused with a domain error of this class carrying this code. */
  thenThrows<X extends Error & { readonly code: string }>(errorClass: abstract new (...args: never[]) => X, code: X['code']): void;
}

export class DeciderAssertionError extends Error {
  override readonly name = 'DeciderAssertionError';
}

function deciderSpecificationFor<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
  return (given: E | readonly E[]) => ({
    when: (command: C): DeciderOutcome<E> => {
      const decide = (): E[] => {
        const history: readonly E[] = Array.isArray(given) ? given : [given as E];
        return decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      };
      return {
        then(expected) {
          const events = decide();
          if (typeof expected === 'function') return expected(events);
          const wanted: readonly E[] = Array.isArray(expected) ? expected : [expected as E];
          const difference = firstDifference(events, wanted, 'events');
          if (difference) throw new DeciderAssertionError(`${difference}\nexpected: ${show(wanted)}\nreceived: ${show(events)}`);
        },
        thenNothingHappened() {
          const events = decide();
          if (events.length > 0) throw new DeciderAssertionError(`expected no events, received: ${show(events)}`);
        },
        thenThrows(classOrCheck: unknown, check?: ((error: never) => boolean) | string) {
          let events: E[];
          try {
            events = decide();
          } catch (error) {
            const errorClass = isErrorClass(classOrCheck) ? classOrCheck : null;
            const predicate = errorClass ? checkOf(check) : (classOrCheck as (error: unknown) => boolean);
            if (errorClass && !(error instanceof errorClass)) {
              throw new DeciderAssertionError(`expected a ${errorClass.name}, the decider threw ${describe(error)}`);
            }
            if (predicate && !predicate(error as never))
              throw new DeciderAssertionError(`the error does not pass the check: ${describe(error)}`);
            return;
          }
          throw new DeciderAssertionError(`expected the command to be refused, it yielded: ${show(events)}`);
        },
      };
    },
  });
}

function checkOf(check: ((error: never) => boolean) | string | undefined): ((error: never) => boolean) | undefined {
  if (typeof check !== 'string') return check;
  return (error: never) => (error as { code?: unknown }).code === check;
}

function isErrorClass(value: unknown): value is new (...args: never[]) => Error {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${error.message}`;
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Where `actual` and `expected` first differ, or null when they are equal. Events are JSON-shaped:
 * arrays by position, plain objects by key (a key holding `undefined` counts as absent, as in
 * jest's `toEqual`), anything else by `Object.is`.
 */
function firstDifference(actual: unknown, expected: unknown, path: string): string | null {
  if (Object.is(actual, expected)) return null;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, received ${actual.length}`;
    for (let i = 0; i < actual.length; i++) {
      const difference = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of [...keys].sort()) {
      const difference = firstDifference(actual[key], expected[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return `${path}: expected ${JSON.stringify(expected)}, received ${JSON.stringify(actual)}`;
}
