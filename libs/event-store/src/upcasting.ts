/**
 * Upcasting on read: an event stored at an older schema version is read at the current one. An
 * upcaster turns the data of one event type from `fromVersion` to `fromVersion + 1`; the store
 * chains them (v1 → v2 → v3) after decoding, on every read except `raw` (events as stored, what the
 * Kafka relay sends: a record keeps the version it was written at, and its `ce_type` says which).
 * Stored rows are never rewritten.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

/** The part of an event upcasting reads and writes. */
interface VersionedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: { readonly schemaVersion?: number } & Readonly<Record<string, unknown>>;
}

export class Upcasters {
  private readonly byStep = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      if (!Number.isSafeInteger(upcaster.fromVersion) || upcaster.fromVersion < 1) {
        throw new TypeError(`Upcaster of ${upcaster.type}: fromVersion must be a positive integer`);
      }
      const key = stepKey(upcaster.type, upcaster.fromVersion);
      if (this.byStep.has(key)) throw new TypeError(`Two upcasters of ${upcaster.type} from v${upcaster.fromVersion}`);
      this.byStep.set(key, upcaster);
    }
  }

  get size(): number {
    return this.byStep.size;
  }

  /** Each event at the newest version its upcasters reach, `metadata.schemaVersion` raised to match. */
  upcast<E extends VersionedEvent>(events: readonly E[]): E[] {
    if (this.byStep.size === 0) return [...events];
    return events.map((event) => this.upcastOne(event));
  }

  private upcastOne<E extends VersionedEvent>(event: E): E {
    let version = event.metadata?.schemaVersion ?? 1;
    let data = event.data;
    for (let step = this.byStep.get(stepKey(event.type, version)); step; step = this.byStep.get(stepKey(event.type, version))) {
      data = step.upcast(data);
      version += 1;
    }
    if (data === event.data) return event;
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

function stepKey(type: string, fromVersion: number): string {
  return `${type}@${fromVersion}`;
}
