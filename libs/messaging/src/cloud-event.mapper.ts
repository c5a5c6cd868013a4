import type { IHeaders, Message } from 'kafkajs';
import { cloudEventTypeOf, isPublishedEventType, parseCloudEventType, producerOfCategory, schemaIdOf } from '@leadline/domain';
import { categoryOf, TRACE_CONTEXT_KEYS, type EventMetadata, type RecordedEvent } from '@leadline/event-store';

/** The parts of a consumed Kafka record the mapper needs (kafkajs `KafkaMessage` fits). */
export interface InboundKafkaMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: IHeaders;
}

export class CloudEventMappingError extends Error {
  override readonly name = 'CloudEventMappingError';
}

const CONTENT_TYPE = 'application/json';
/** Headers without which a record cannot become a RecordedEvent again. */
const REQUIRED_HEADERS = [
  'ce_specversion',
  'ce_id',
  'ce_type',
  'ce_source',
  'ce_time',
  'ce_subject',
  'ce_streamid',
  'ce_streamversion',
  'ce_globalposition',
  'ce_transactionid',
] as const;

/** CloudEvents `source`: the producing service (`leadline/lead-intake`), else `leadline/<category>`. */
export function defaultSource(event: Pick<RecordedEvent, 'category'>): string {
  return `leadline/${producerOfCategory(event.category) ?? event.category}`;
}

/** Kafka key: the lead id keeps one lead's events on one partition, in order. */
export function partitionKeyOf(event: Pick<RecordedEvent, 'metadata' | 'streamId'>): string {
  return event.metadata.leadId ?? event.streamId;
}

/**
 * RecordedEvent -> binary-mode CloudEvents Kafka record (attributes in `ce_*` headers, JSON data as
 * value). A published event type (docs/event-contracts.md) gets its namespaced, versioned `type`
 * (`io.leadline.lead.captured.v1`) and `dataschema` (the `$id` of its JSON Schema); `subject` is the
 * lead id when the event has one, else the stream id; the stream id also travels as `streamid`.
 */
export function toKafkaMessage(event: RecordedEvent, source: string = defaultSource(event)): Message {
  const { leadId, correlationId, causationId, schemaVersion, traceparent, tracestate, ...otherMetadata } = event.metadata;
  const published = isPublishedEventType(event.type);
  const extensions: Record<string, string> = {
    streamid: event.streamId,
    streamversion: String(event.streamVersion),
    schemaversion: String(schemaVersion),
    globalposition: event.globalPosition.toString(),
    transactionid: event.transactionId.toString(),
  };
  if (leadId !== undefined) extensions.leadid = leadId;
  if (correlationId !== undefined) extensions.correlationid = correlationId;
  if (causationId !== undefined) extensions.causationid = causationId;
  // The CloudEvents distributed-tracing extension: the trace context the event was appended in
  // (metadata.traceparent, set at append by the event store), so consumers continue that trace.
  if (typeof traceparent === 'string') extensions.traceparent = traceparent;
  if (typeof tracestate === 'string') extensions.tracestate = tracestate;
  // Metadata keys outside the known set travel as one JSON attribute: extension names must be [a-z0-9].
  if (Object.keys(otherMetadata).length > 0) extensions.metadata = JSON.stringify(otherMetadata);

  // The binary-mode headers written directly, as the CloudEvents SDK's Kafka binding writes them for this event
  // (`content-type` for datacontenttype, `ce_<attribute>` for the others; cloud-event.mapper.spec.ts compares the two
  // and has a strict CloudEvents reader accept every shape): building and freezing an SDK CloudEvent per relayed event
  // cost more than the rest of the mapping. Every attribute comes from the store (an id, a time, the service's source).
  const headers: IHeaders = {
    'content-type': CONTENT_TYPE,
    ce_id: event.id,
    ce_time: event.recordedAt.toISOString(),
    ce_type: published ? cloudEventTypeOf(event.type, schemaVersion) : event.type,
    ce_source: source,
    ce_specversion: '1.0',
    ce_subject: leadId ?? event.streamId,
  };
  if (published) headers.ce_dataschema = schemaIdOf(event.type, schemaVersion);
  for (const [name, value] of Object.entries(extensions)) headers[`ce_${name}`] = value;
  return { key: partitionKeyOf(event), value: JSON.stringify(event.data ?? null), headers };
}

/**
 * Binary-mode CloudEvents Kafka record -> RecordedEvent; throws CloudEventMappingError when it cannot.
 * Reads both the namespaced `type` (`io.leadline.lead.captured.v1` → `LeadCaptured`, schema version
 * 1) and the bare `type` of records written before it (`LeadCaptured`, version from
 * `ce_schemaversion`), so topics holding both stay readable during the transition.
 */
export function fromKafkaMessage(message: InboundKafkaMessage): RecordedEvent {
  const headers = stringHeaders(message.headers);
  const missing = REQUIRED_HEADERS.filter((name) => !headers[name]);
  if (missing.length > 0) throw new CloudEventMappingError(`Missing CloudEvents headers: ${missing.join(', ')}`);
  if (headers.ce_specversion !== '1.0') {
    throw new CloudEventMappingError(`Unsupported ce_specversion ${headers.ce_specversion}`);
  }
  if (!headers['content-type']?.startsWith(CONTENT_TYPE)) {
    throw new CloudEventMappingError(`Unsupported content-type ${headers['content-type'] ?? '(none)'}`);
  }
  if (message.value === null || message.value.length === 0) throw new CloudEventMappingError('Empty record value');

  // Read straight from the headers as the SDK's Kafka binding reads a binary-mode record (`ce_<attribute>` headers,
  // JSON data in the value), without building an SDK CloudEvent per consumed record; what a RecordedEvent needs is
  // checked below, and the consumer checks the event against the store before anyone handles it.
  let data: unknown;
  try {
    data = JSON.parse(typeof message.value === 'string' ? message.value : message.value.toString());
  } catch (error) {
    throw new CloudEventMappingError(`Unreadable CloudEvent: ${(error as Error).message}`);
  }
  return toRecordedEvent(headers, data);
}

function toRecordedEvent(headers: Readonly<Record<string, string>>, data: unknown): RecordedEvent {
  const attribute = (name: string): string | undefined => headers[`ce_${name}`];
  const type = attribute('type') as string;
  const streamId = attribute('streamid') as string;
  const metadata: Record<string, unknown> = parseJsonObject(attribute('metadata'));
  for (const key of TRACE_CONTEXT_KEYS) {
    const value = attribute(key);
    if (value !== undefined) metadata[key] = value;
  }
  const leadId = attribute('leadid');
  const correlationId = attribute('correlationid');
  const causationId = attribute('causationid');
  if (leadId !== undefined) metadata.leadId = leadId;
  if (correlationId !== undefined) metadata.correlationId = correlationId;
  if (causationId !== undefined) metadata.causationId = causationId;
  metadata.schemaVersion = integer(attribute('schemaversion') ?? '1', 'schemaversion');
  const namespaced = parseCloudEventType(type);
  if (type.startsWith('io.leadline.') && !namespaced) throw new CloudEventMappingError(`Invalid ce_type ${type}`);
  if (namespaced && namespaced.version !== metadata.schemaVersion) {
    throw new CloudEventMappingError(`ce_type ${type} disagrees with ce_schemaversion ${String(metadata.schemaVersion)}`);
  }
  const recordedAt = new Date(attribute('time') as string);
  if (Number.isNaN(recordedAt.getTime())) throw new CloudEventMappingError(`Invalid ce_time ${String(attribute('time'))}`);

  return {
    id: attribute('id') as string,
    type: namespaced?.eventType ?? type,
    data,
    streamId,
    streamVersion: integer(attribute('streamversion'), 'streamversion'),
    category: categoryOf(streamId),
    metadata: metadata as EventMetadata & { schemaVersion: number },
    globalPosition: bigInteger(attribute('globalposition'), 'globalposition'),
    transactionId: bigInteger(attribute('transactionid'), 'transactionid'),
    recordedAt,
  };
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name.toLowerCase()] = last.toString();
  }
  return result;
}

function integer(text: string | undefined, name: string): number {
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value)) throw new CloudEventMappingError(`Invalid ce_${name} ${String(text)}`);
  return value;
}

function bigInteger(text: string | undefined, name: string): bigint {
  if (text === undefined || !/^\d+$/.test(text)) throw new CloudEventMappingError(`Invalid ce_${name} ${String(text)}`);
  return BigInt(text);
}

function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...(value as Record<string, unknown>) };
  } catch {
    // fall through
  }
  throw new CloudEventMappingError('Invalid ce_metadata: not a JSON object');
}
