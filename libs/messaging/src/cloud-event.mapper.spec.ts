import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage as CloudEventsKafkaMessage } from 'cloudevents';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@leadline/event-store';
import { CloudEventMappingError, fromKafkaMessage, toKafkaMessage } from './cloud-event.mapper';

const event: RecordedEvent = {
  id: '7d0b6a5e-2f4f-4c36-9a55-0c9a3f3b8a11',
  type: 'LeadScored',
  data: { score: 87, grade: 'A', reasons: ['icp-industry', 'seniority'] },
  streamId: 'score-lead-42',
  streamVersion: 3,
  category: 'score',
  metadata: {
    leadId: 'lead-42',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    schemaVersion: 1,
    modelVersion: 'icp-2024-06',
  },
  globalPosition: 9007199254740993n,
  transactionId: 123456789012n,
  recordedAt: new Date('2024-06-01T10:15:30.123Z'),
};

/** What a consumer gets back: headers and value as Buffers, as kafkajs delivers them. */
function asConsumed(message: ReturnType<typeof toKafkaMessage>, overrideHeaders?: IHeaders): KafkaMessage {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(overrideHeaders ?? message.headers ?? {})) {
    if (typeof value === 'string') headers[name] = Buffer.from(value);
  }
  return {
    key: Buffer.from(String(message.key)),
    value: Buffer.from(String(message.value)),
    headers,
    offset: '0',
    timestamp: '0',
    attributes: 0,
  } as KafkaMessage;
}

describe('CloudEvents mapping', () => {
  it('writes binary-mode CloudEvents headers, the lead id as key and the data as JSON', () => {
    const message = toKafkaMessage(event);
    expect(message.key).toBe('lead-42');
    expect(JSON.parse(String(message.value))).toEqual(event.data);
    expect(message.headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'io.leadline.lead.scored.v1',
      ce_source: 'leadline/scoring',
      ce_time: '2024-06-01T10:15:30.123Z',
      ce_subject: 'lead-42',
      ce_dataschema: 'https://schemas.leadline.dev/events/LeadScored/v1.schema.json',
      ce_streamid: 'score-lead-42',
      ce_streamversion: '3',
      ce_schemaversion: '1',
      ce_globalposition: '9007199254740993',
      ce_transactionid: '123456789012',
      ce_leadid: 'lead-42',
      ce_correlationid: 'corr-1',
      ce_causationid: 'cause-1',
      ce_metadata: JSON.stringify({ modelVersion: 'icp-2024-06' }),
    });
  });

  it('round-trips a recorded event through a Kafka record unchanged', () => {
    expect(fromKafkaMessage(asConsumed(toKafkaMessage(event)))).toEqual(event);
  });

  it('keys an event without a lead id by its stream id and restores the default schema version', () => {
    const bare: RecordedEvent = { ...event, streamId: 'territory-emea', category: 'territory', metadata: { schemaVersion: 1 } };
    const message = toKafkaMessage(bare, 'leadline/enrichment');
    expect(message.key).toBe('territory-emea');
    expect(message.headers?.ce_source).toBe('leadline/enrichment');
    expect(fromKafkaMessage(asConsumed(message))).toEqual(bare);
  });

  it('reads a record written before the namespaced types (bare ce_type, stream id as subject) as the same event', () => {
    const message = toKafkaMessage(event);
    const headers: IHeaders = { ...message.headers, ce_type: 'LeadScored', ce_subject: 'score-lead-42' };
    delete headers.ce_dataschema;
    expect(fromKafkaMessage(asConsumed(message, headers))).toEqual(event);
  });

  it('carries the W3C trace context of the metadata as the CloudEvents distributed-tracing extension', () => {
    const traced: RecordedEvent = {
      ...event,
      metadata: { ...event.metadata, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'leadline=1' },
    };
    const message = toKafkaMessage(traced);
    expect(message.headers?.ce_traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(message.headers?.ce_tracestate).toBe('leadline=1');
    expect(message.headers?.ce_metadata).toBe(JSON.stringify({ modelVersion: 'icp-2024-06' }));
    expect(fromKafkaMessage(asConsumed(message))).toEqual(traced);
  });

  it('keeps the bare type and no dataschema for an event type that is not published', () => {
    const internal: RecordedEvent = { ...event, type: 'ScratchNoted' };
    const message = toKafkaMessage(internal);
    expect(message.headers?.ce_type).toBe('ScratchNoted');
    expect(message.headers?.ce_dataschema).toBeUndefined();
    expect(fromKafkaMessage(asConsumed(message))).toEqual(internal);
  });

  it('rejects a namespaced type whose version disagrees with ce_schemaversion, and a malformed namespaced type', () => {
    const message = toKafkaMessage(event);
    expect(() => fromKafkaMessage(asConsumed(message, { ...message.headers, ce_schemaversion: '2' }))).toThrow('disagrees');
    expect(() => fromKafkaMessage(asConsumed(message, { ...message.headers, ce_type: 'io.leadline.lead-scored' }))).toThrow(
      'Invalid ce_type',
    );
  });

  it.each(['ce_id', 'ce_type', 'ce_specversion', 'ce_subject', 'ce_streamid', 'ce_globalposition', 'ce_time'])(
    'rejects a record without the %s header',
    (header) => {
      const message = toKafkaMessage(event);
      const headers = { ...message.headers };
      delete headers[header];
      expect(() => fromKafkaMessage(asConsumed(message, headers))).toThrow(CloudEventMappingError);
      expect(() => fromKafkaMessage(asConsumed(message, headers))).toThrow(header);
    },
  );

  // Every shape the relay builds must pass the CloudEvents specification's checks as a strict consumer applies them.
  it.each<{ shape: string; recorded: RecordedEvent; source?: string }>([
    { shape: 'a published type with every optional attribute', recorded: event },
    {
      shape: 'a bare stream without lead, correlation or causation',
      recorded: { ...event, streamId: 'territory-emea', category: 'territory', metadata: { schemaVersion: 1 } },
      source: 'leadline/enrichment',
    },
    {
      shape: 'an internal type with trace context',
      recorded: {
        ...event,
        type: 'ScratchNoted',
        metadata: { ...event.metadata, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'leadline=1' },
      },
    },
    { shape: 'null data', recorded: { ...event, data: null } },
  ])('builds a record a strict CloudEvents reader accepts: $shape', ({ recorded, source }) => {
    const consumed = asConsumed(toKafkaMessage(recorded, source));
    const headers = Object.fromEntries(Object.entries(consumed.headers ?? {}).map(([name, value]) => [name, String(value)]));
    const record: CloudEventsKafkaMessage = { headers, key: String(consumed.key), value: consumed.value, body: consumed.value };
    const parsed = CloudEventsKafka.toEvent(record) as CloudEvent;
    expect(parsed.validate()).toBe(true);
    expect(() => new CloudEvent({ ...parsed }, true)).not.toThrow();
    // The headers are the ones the SDK's Kafka binding writes for the same attributes and data (strict CloudEvent), none
    // more (datacontenttype travels as content-type, the partition key as the record's key), and read back the same way.
    const sdk = CloudEventsKafka.binary(new CloudEvent({ ...parsed }, true));
    const sdkHeaders = Object.fromEntries(
      Object.entries(sdk.headers).filter(
        ([name, value]) => value !== undefined && !['ce_datacontenttype', 'ce_partitionkey'].includes(name),
      ),
    );
    expect(headers).toEqual(sdkHeaders);
    expect(parsed.data).toEqual(recorded.data);
    expect(fromKafkaMessage(consumed)).toEqual(recorded);
  });

  it('rejects a record that is not a CloudEvent at all', () => {
    const plain = { key: Buffer.from('k'), value: Buffer.from('{"hello":"world"}'), headers: {} };
    expect(() => fromKafkaMessage(plain)).toThrow(CloudEventMappingError);
  });

  it('rejects a record whose value is not JSON', () => {
    const message = { ...toKafkaMessage(event), value: 'not json {' };
    expect(() => fromKafkaMessage(asConsumed(message))).toThrow(CloudEventMappingError);
  });

  it('rejects a non-numeric global position', () => {
    const message = toKafkaMessage(event);
    const headers = { ...message.headers, ce_globalposition: 'abc' };
    expect(() => fromKafkaMessage(asConsumed(message, headers))).toThrow('ce_globalposition');
  });
});
