import type { SqlExecutor } from '../sql.port';
import { jsonCopy } from '../json-copy';
import { open, seal, type Sealed } from './crypto';
import type { PersonalDataVault } from './personal-data.vault';

/** A personal field of an event's data (dotted path) and what it reads as once erased (`null`, or `{}` for an object). */
export interface PersonalField {
  readonly path: string;
  readonly blank: null | Readonly<Record<string, never>>;
}

/** Personal fields by event type. */
export type PersonalDataFields = Readonly<Record<string, readonly PersonalField[]>>;

/** Where an event's personal fields went: encrypted under the subject's data key (`keyId`). */
export interface PersonalDataEnvelope extends Sealed {
  readonly v: 1;
  readonly keyId: string;
}

/** What `data.personalData` reads once the person's key is gone: the personal fields read as their blanks. */
export const ERASED = 'erased';

/** The data property that holds the envelope in stored events, and the erased marker in read ones. */
export const PERSONAL_DATA_PROPERTY = 'personalData';

/** The slice of an event the codec reads: an event to append, or a stored one. */
export interface CodecEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What the store applies to events on their way in (encode) and out (decode). */
export interface EventCodec {
  encode<E extends CodecEvent>(tx: SqlExecutor, events: readonly E[]): Promise<E[]>;
  decode<E extends CodecEvent>(tx: SqlExecutor, events: readonly E[]): Promise<E[]>;
  /**
   * Optional: `decode` in two steps, so that what it reads shares a round trip with the statements issued beside it
   * (a pipelined transaction): the call issues now what decoding events like `expected` needs, and the function it
   * answers decodes the events it is given, reading only what that first read did not cover.
   */
  decoder?(tx: SqlExecutor, expected: readonly CodecEvent[]): Decoder;
}

/** Decodes events with what an EventCodec's `decoder` has read for them. */
export type Decoder = <E extends CodecEvent>(events: readonly E[]) => Promise<E[]>;

/**
 * Crypto-shredding at the store's edge: an event type's personal fields leave the data for an
 * AES-256-GCM envelope under the person's data key (the subject is the lead id of the metadata);
 * reading puts them back while the key exists, and reads them as blanks with `personalData:
 * 'erased'` once it is destroyed. Events written before encryption (no envelope) read as they are.
 */
export class PersonalDataCodec implements EventCodec {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly fields: PersonalDataFields,
  ) {}

  async encode<E extends CodecEvent>(tx: SqlExecutor, events: readonly E[]): Promise<E[]> {
    const personal = events.filter((event) => this.fields[event.type] && !isSealed(event.data));
    if (personal.length === 0) return [...events];
    const subjects = personal.map((event) => subjectOf(event));
    const keys = await this.vault.keysForSubjects(tx, subjects);
    return events.map((event) => {
      const fields = this.fields[event.type];
      if (!fields || isSealed(event.data)) return event;
      const key = keys.get(subjectOf(event));
      const data = jsonCopy(event.data) as Record<string, unknown>;
      const plain: Record<string, unknown> = {};
      for (const field of fields) {
        plain[field.path] = getPath(data, field.path) ?? field.blank;
        setPath(data, field.path, field.blank);
      }
      if (!key || 'erased' in key) {
        data[PERSONAL_DATA_PROPERTY] = ERASED;
      } else {
        const envelope: PersonalDataEnvelope = {
          v: 1,
          keyId: key.keyId,
          ...seal(key.key, Buffer.from(JSON.stringify(plain)), aadOf(event)),
        };
        data[PERSONAL_DATA_PROPERTY] = envelope;
      }
      return { ...event, data };
    });
  }

  decode<E extends CodecEvent>(tx: SqlExecutor, events: readonly E[]): Promise<E[]> {
    return this.decoder(tx, events)(events);
  }

  /** The data keys `expected` is sealed under are read at once; keys of other events given to the decoder later. */
  decoder(tx: SqlExecutor, expected: readonly CodecEvent[]): Decoder {
    const asked = this.vault.keysById(tx, keyIdsOf(expected));
    // Awaited by the decoder; a caller that gives up before using it must not leave its failure unhandled.
    asked.catch(() => undefined);
    return async <E extends CodecEvent>(events: readonly E[]): Promise<E[]> => {
      const sealed = events.filter((event) => isSealed(event.data));
      if (sealed.length === 0) return [...events];
      // keysById answers every id it was asked (an unknown one as erased): what it lacks was not asked.
      const keys = new Map(await asked);
      const missing = keyIdsOf(sealed).filter((keyId) => !keys.has(keyId));
      for (const [keyId, key] of await this.vault.keysById(tx, missing)) keys.set(keyId, key);
      return events.map((event) => {
        if (!isSealed(event.data)) return event;
        const envelope = envelopeOf(event);
        const key = keys.get(envelope.keyId);
        if (!key || 'erased' in key)
          return { ...event, data: { ...(event.data as Record<string, unknown>), [PERSONAL_DATA_PROPERTY]: ERASED } };
        // The data without its envelope, copied once (no shallow copy to delete the envelope from first).
        const { [PERSONAL_DATA_PROPERTY]: _envelope, ...rest } = event.data as Record<string, unknown>;
        const restored = jsonCopy(rest);
        const plain = JSON.parse(open(key.key, envelope, aadOf(event), `Personal data of event ${event.id}`).toString('utf8')) as Record<
          string,
          unknown
        >;
        for (const [path, value] of Object.entries(plain)) setPath(restored, path, value);
        return { ...event, data: restored };
      });
    };
  }
}

/** Binds a ciphertext to its event: moved to another event, it does not open. */
const aadOf = (event: CodecEvent): string => `leadline/event/${event.id}/${event.type}`;

/** The data keys sealed events name, each once. */
function keyIdsOf(events: readonly CodecEvent[]): string[] {
  return [...new Set(events.filter((event) => isSealed(event.data)).map((event) => envelopeOf(event).keyId))];
}

function subjectOf(event: CodecEvent): string {
  const leadId = event.metadata?.leadId;
  if (typeof leadId !== 'string' || leadId.length === 0)
    throw new TypeError(`Event ${event.id} (${event.type}) holds personal data but no leadId in its metadata to key it by`);
  return leadId;
}

export function isSealed(data: unknown): boolean {
  const value = (data as Record<string, unknown> | null)?.[PERSONAL_DATA_PROPERTY];
  return typeof value === 'object' && value !== null && typeof (value as { keyId?: unknown }).keyId === 'string';
}

function envelopeOf(event: CodecEvent): PersonalDataEnvelope {
  return (event.data as Record<string, PersonalDataEnvelope>)[PERSONAL_DATA_PROPERTY];
}

function getPath(data: Record<string, unknown>, path: string): unknown {
  let node: unknown = data;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = data;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}
