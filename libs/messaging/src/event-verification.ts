import { isDeepStrictEqual } from 'node:util';
import type { EventStoreReader, RecordedEvent } from '@leadline/event-store';

/** A consumed record that does not match an event of the store: forged, stray or corrupted. */
export class UnverifiableEventError extends Error {
  override readonly name = 'UnverifiableEventError';
}

export type Verdict =
  { readonly ok: true; readonly event: RecordedEvent } | { readonly ok: false; readonly absent: boolean; readonly reason: string };

/**
 * Whether a record is the stored event it claims to be: the same id in the same stream, at the
 * same version, of the same type, with the same data. The stored copy is what handlers get.
 */
export function verdictOf(claimed: RecordedEvent, stored: RecordedEvent | undefined): Verdict {
  if (!stored)
    return { ok: false, absent: true, reason: `event ${claimed.id} (${claimed.type} on ${claimed.streamId}) is not in the event store` };
  const differences = [
    stored.streamId !== claimed.streamId && 'stream',
    stored.streamVersion !== claimed.streamVersion && 'stream version',
    stored.type !== claimed.type && 'type',
    !sameJson(stored.data, claimed.data) && 'data',
  ].filter((difference): difference is string => difference !== false);
  if (differences.length > 0)
    return { ok: false, absent: false, reason: `event ${claimed.id} differs from the stored event in its ${differences.join(', ')}` };
  return { ok: true, event: stored };
}

/**
 * isDeepStrictEqual for values parsed from JSON, as both sides of a verdict are (the record's CloudEvent, the stored
 * row's jsonb): plain objects with string keys, dense arrays, strings, numbers, booleans, null. It skips that
 * function's generic machinery (property descriptors, symbols, cycles, typed arrays ...): every consumed event is
 * compared, and the machinery was ~1 % of lead-intake's CPU at 400 leads/s. An object of another prototype (a Date
 * or a class instance a codec or upcaster made) goes to isDeepStrictEqual itself, as does every primitive that is not
 * `Object.is` the other (so 0 and -0 differ, NaN equals NaN, as there).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return isDeepStrictEqual(a, b);
  const prototype = Object.getPrototypeOf(a) as unknown;
  if (prototype !== Object.getPrototypeOf(b)) return false;
  if (prototype === Array.prototype) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameJson(x[i], y[i])) return false;
    return true;
  }
  if (prototype !== Object.prototype && prototype !== null) return isDeepStrictEqual(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key])) return false;
  return true;
}

/** Each event's verdict against the store, from one lookup (issued before this returns), no waiting. */
export async function checkEvents(store: Pick<EventStoreReader, 'readEvents'>, events: readonly RecordedEvent[]): Promise<Verdict[]> {
  const stored = new Map((await store.readEvents(events.map((event) => event.id))).map((event) => [event.id, event]));
  return events.map((event) => verdictOf(event, stored.get(event.id)));
}

/**
 * Checks consumed events against the event store they claim to come from. The relay only sends
 * committed events, so a genuine record is in the store; `waitMs` covers a store that shows a
 * commit a moment later than Kafka does (a read replica), after which the record is refused.
 */
export class StoreVerifier {
  constructor(
    private readonly store: Pick<EventStoreReader, 'readEvents'>,
    private readonly waitMs = 1_000,
  ) {}

  /** One lookup for many events, no waiting (the batch path: any doubt sends it one by one). */
  check(events: readonly RecordedEvent[]): Promise<Verdict[]> {
    return checkEvents(this.store, events);
  }

  /** The stored event; throws UnverifiableEventError once the wait is over (database errors pass through). */
  async verify(event: RecordedEvent): Promise<RecordedEvent> {
    const started = Date.now();
    for (let pause = 100; ; pause *= 2) {
      const [verdict] = await this.check([event]);
      if (verdict.ok) return verdict.event;
      // Only absence can be a matter of time; a stored event that differs never will match.
      if (!verdict.absent || Date.now() - started + pause > this.waitMs) throw new UnverifiableEventError(verdict.reason);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
