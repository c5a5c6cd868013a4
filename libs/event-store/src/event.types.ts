/** Metadata every event carries; the lead id makes a lead's journey one query over the store. */
export interface EventMetadata {
  readonly leadId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Version of the event's data schema (upcasters key on it). Defaults to 1. */
  readonly schemaVersion?: number;
  readonly [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Event id (uuid). Re-appending an id already stored is a no-op. Generated when absent. */
  readonly id?: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/**
 * A position in the global log. Readers order by (transactionId, position): a bigserial alone
 * commits out of order under concurrent writers, the transaction id does not (ARCHITECTURE.md).
 */
export interface LogCheckpoint {
  readonly transactionId: bigint;
  readonly position: bigint;
}

export const LOG_START: LogCheckpoint = Object.freeze({ transactionId: 0n, position: 0n });

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly streamId: string;
  /** 1-based position of the event in its stream. */
  readonly streamVersion: number;
  /** Stream id prefix before the first '-': `lead-42` is in category `lead`. */
  readonly category: string;
  readonly metadata: EventMetadata & { readonly schemaVersion: number };
  readonly globalPosition: bigint;
  readonly transactionId: bigint;
  readonly recordedAt: Date;
}

/**
 * Expected version of a stream on append: 'any'; 'no-stream' (must not exist);
 * 'stream-exists' (must have at least one event); or the exact version (last event's
 * streamVersion; 0 is the same as 'no-stream').
 */
export type ExpectedVersion = 'any' | 'no-stream' | 'stream-exists' | number;

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: number;
  /** False when every event id was already stored (an idempotent re-append). */
  readonly written: boolean;
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start version; for backwards reads, the highest version to return. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this checkpoint. Defaults to the log start. */
  readonly after?: LogCheckpoint;
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
  readonly maxCount?: number;
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

export function checkpointOf(event: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): LogCheckpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}
