import {
  cloudEventTypeOf,
  EVENT_CONTRACTS,
  PUBLISHED_EVENT_TYPES,
  schemaIdOf,
  type EventContract,
  type PublishedEventType,
} from '@leadline/domain';
import { categoryTopic, deadLetterTopic, DEFAULT_TOPIC_PREFIX, DEFAULT_TOPIC_SETTINGS, DLT_HEADERS } from '@leadline/messaging';
import type { ServiceDescriptor } from '../service-descriptor';
import type { JsonSchemaDocument } from './published-schemas';
import { reactionsOf } from './reactions-of';

export interface AsyncApiOptions {
  /** The services whose topics the document describes: what they produce (relay) and consume (subscriptions). */
  readonly services: readonly ServiceDescriptor[];
  /** The current-version JSON Schema of every published event type (loadPublishedSchemas). */
  readonly schemas: ReadonlyMap<string, JsonSchemaDocument>;
  readonly topicPrefix?: string;
}

export type AsyncApiDocument = Record<string, unknown>;

const KAFKA_BINDING_VERSION = '0.5.0';
const ORDERING =
  'One topic per stream category. The message key is the lead id (the stream id for events without a lead: rosters, vendors), ' +
  "so one lead's events on one topic are on one partition, in the order the event store recorded them. There is no order across topics. " +
  'Delivery is at least once (the relay re-sends a batch after a crash between send and checkpoint): deduplicate on ce_id.';
const KEY_DESCRIPTION =
  'The lead id (`ce_leadid`) when the event is about a lead, else the stream id (`ce_streamid`): per-lead order on one partition.';

/**
 * The AsyncAPI 3.0 document of the topics the given services produce and consume: channels are the
 * topics (one per stream category, one dead-letter topic per subscription), messages the published
 * event types with their JSON Schemas, CloudEvents binary-mode headers, key and example.
 */
export function buildAsyncApiDocument(options: AsyncApiOptions): AsyncApiDocument {
  const prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const owned = new Map<string, string>(); // category -> producing service
  for (const service of options.services) for (const category of service.ownedCategories) owned.set(category, service.name);
  const subscriptions = groupSubscriptions(options.services);

  const typesOf = (category: string): PublishedEventType[] =>
    PUBLISHED_EVENT_TYPES.filter((type) => EVENT_CONTRACTS[type].category === category);
  const consumed = new Set([...subscriptions.values()].flatMap((s) => [...s.categories.keys()]));
  const categories = [...new Set([...owned.keys(), ...consumed])].filter((c) => typesOf(c).length > 0).sort();

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const category of categories) {
    const types = typesOf(category);
    const producer = EVENT_CONTRACTS[types[0]].producer;
    channels[category] = {
      address: categoryTopic(prefix, category),
      title: `${category} events`,
      description:
        `Events of the \`${category}-<id>\` streams, written by ${producer}. ${ORDERING}` +
        (owned.has(category) ? '' : ` Produced by ${producer}, which is not part of this deployment; consumed here.`),
      messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
      bindings: {
        kafka: {
          partitions: DEFAULT_TOPIC_SETTINGS.numPartitions,
          replicas: DEFAULT_TOPIC_SETTINGS.replicationFactor,
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    if (owned.has(category)) {
      operations[operationId('publish', category)] = {
        action: 'send',
        title: `${producer} publishes ${category} events`,
        description: `The Kafka relay of ${producer} sends every committed event of its \`${category}\` streams, in log order.`,
        channel: { $ref: `#/channels/${category}` },
        messages: types.map((type) => ({ $ref: `#/channels/${category}/messages/${type}` })),
      };
    }
    for (const type of types) messages[type] = eventMessage(type, options.schemas);
  }

  if (subscriptions.size > 0) messages.DeadLetter = deadLetterMessage();
  for (const [name, subscription] of [...subscriptions].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [category, types] of [...subscription.categories].sort(([a], [b]) => a.localeCompare(b))) {
      if (!channels[category]) continue;
      operations[operationId(name, category)] = {
        action: 'receive',
        title: `${subscription.service} consumes ${[...types].join(', ')}`,
        description: `Subscription \`${name}\` of ${subscription.service}: consumer group \`${prefix}${name}\`; other event types on the topic are skipped.`,
        channel: { $ref: `#/channels/${category}` },
        messages: [...types]
          .filter((type) => typesOf(category).includes(type as PublishedEventType))
          .map((type) => ({ $ref: `#/channels/${category}/messages/${type}` })),
        bindings: { kafka: { groupId: { type: 'string', enum: [`${prefix}${name}`] }, bindingVersion: KAFKA_BINDING_VERSION } },
      };
    }
    const dlt = `dlt.${name}`;
    channels[dlt] = {
      address: deadLetterTopic(prefix, name),
      title: `dead letters of ${name}`,
      description:
        `Records subscription \`${name}\` (${subscription.service}) could not handle: unmappable records at once, handler failures after ` +
        'the configured attempts (default 3). Each is the original record (key, value, every header) plus the `dlt_*` headers.',
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
    };
    operations[operationId(name, 'dead-letter')] = {
      action: 'send',
      title: `${subscription.service} dead-letters what ${name} cannot handle`,
      channel: { $ref: `#/channels/${dlt}` },
      messages: [{ $ref: `#/channels/${dlt}/messages/DeadLetter` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Leadline events',
      version: '1.0.0',
      description:
        "Leadline's event stream on Kafka: CloudEvents 1.0 in binary mode (attributes in `ce_*` headers, " +
        `the event data as the JSON value). ${ORDERING} Schemas evolve by the rule in docs/event-contracts.md: within a version only ` +
        'optional properties are added; a breaking change is a new version (a new `ce_type` and `ce_dataschema`).',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: `The deployment's Kafka (KAFKA_BROKERS); topic names start with KAFKA_TOPIC_PREFIX (${DEFAULT_TOPIC_PREFIX} by default).`,
        variables: { brokers: { default: 'localhost:9092', description: 'One bootstrap broker, host:port.' } },
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

interface SubscriptionInfo {
  readonly service: string;
  readonly categories: Map<string, Set<string>>;
}

function groupSubscriptions(services: readonly ServiceDescriptor[]): Map<string, SubscriptionInfo> {
  const subscriptions = new Map<string, SubscriptionInfo>();
  for (const reaction of reactionsOf(services)) {
    if (reaction.kind !== 'subscription') continue;
    const info = subscriptions.get(reaction.name) ?? { service: reaction.service, categories: new Map() };
    const types = info.categories.get(reaction.category) ?? new Set<string>();
    types.add(reaction.type);
    info.categories.set(reaction.category, types);
    subscriptions.set(reaction.name, info);
  }
  return subscriptions;
}

function operationId(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9_-]/g, '-');
}

function eventMessage(type: PublishedEventType, schemas: ReadonlyMap<string, JsonSchemaDocument>): unknown {
  const contract = EVENT_CONTRACTS[type] as EventContract;
  const schema = schemas.get(type);
  if (!schema) throw new Error(`No published schema for ${type}`);
  const { $schema: _schema, $id, ...payload } = schema;
  const ceType = cloudEventTypeOf(type, contract.version);
  const dataschema = schemaIdOf(type, contract.version);
  const leadId = (contract.example as { leadId?: string }).leadId;
  const streamId = exampleStreamId(contract);
  return {
    name: type,
    title: `${type} v${contract.version}`,
    summary: contract.summary,
    contentType: 'application/json',
    headers: cloudEventHeaders(ceType, dataschema, contract),
    payload: { ...payload, externalDocs: { description: 'The JSON Schema 2020-12 document of this payload', url: String($id) } },
    correlationId: { description: 'The correlation id of the chain of events.', location: '$message.header#/ce_correlationid' },
    bindings: { kafka: { key: { type: 'string', description: KEY_DESCRIPTION }, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: `${type}-example`,
        summary: `A ${type} v${contract.version} record`,
        headers: {
          'content-type': 'application/json',
          ce_specversion: '1.0',
          ce_id: '6f1d9a3c-2b4e-4f7a-9c81-5d3e2a1b0c9f',
          ce_type: ceType,
          ce_source: `leadline/${contract.producer}`,
          ce_subject: leadId ?? streamId,
          ce_time: '2026-03-02T09:00:05.123Z',
          ce_dataschema: dataschema,
          ce_streamid: streamId,
          ce_streamversion: '1',
          ce_schemaversion: String(contract.version),
          ce_globalposition: '1042',
          ce_transactionid: '88121',
          ...(leadId ? { ce_leadid: leadId } : {}),
        },
        payload: contract.example,
      },
    ],
  };
}

/** A plausible stream id for the example: the category and the id the example names. */
function exampleStreamId(contract: EventContract): string {
  const data = contract.example as Record<string, unknown>;
  const idField: Record<string, string> = {
    lead: 'leadId',
    enrichment: 'leadId',
    score: 'leadId',
    assignment: 'leadId',
    nurture: 'leadId',
    sdr: 'sdrId',
    ae: 'aeId',
    appointment: 'appointmentId',
    opportunity: 'opportunityId',
    vendor: 'vendorId',
    cm: 'managerId',
    customer: 'customerId',
  };
  const id = String(data[idField[contract.category] ?? ''] ?? 'id');
  return id.startsWith(`${contract.category}-`) ? id : `${contract.category}-${id}`;
}

const text = (description: string): Record<string, unknown> => ({ type: 'string', description });

function cloudEventHeaders(ceType: string, dataschema: string, contract: EventContract): Record<string, unknown> {
  return {
    type: 'object',
    description: 'CloudEvents 1.0 binary-mode attributes (`ce_` + attribute name) and the content type.',
    properties: {
      'content-type': { type: 'string', const: 'application/json', description: 'CloudEvents datacontenttype.' },
      ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents specification version.' },
      ce_id: text('Event id (uuid): deduplicate on it, a record can arrive more than once.'),
      ce_type: { type: 'string', const: ceType, description: 'Namespaced, versioned event type.' },
      ce_source: { type: 'string', const: `leadline/${contract.producer}`, description: 'The producing service.' },
      ce_subject: text('The lead id when the event is about a lead, else the stream id.'),
      ce_time: { type: 'string', format: 'date-time', description: 'When the event store recorded the event.' },
      ce_dataschema: { type: 'string', const: dataschema, description: 'The `$id` of the JSON Schema of the value.' },
      ce_streamid: text(`The event's stream, \`${contract.category}-<id>\`.`),
      ce_streamversion: text('1-based position of the event in its stream (decimal).'),
      ce_schemaversion: { type: 'string', const: String(contract.version), description: 'Version of the data schema.' },
      ce_globalposition: text("Position in the event store's global log (decimal)."),
      ce_transactionid: text('Event store transaction id (decimal).'),
      ce_leadid: text('The lead the event is about, when it is.'),
      ce_correlationid: text('Correlation id of the chain of events, when set.'),
      ce_causationid: text('Id of the event or command that caused this one, when set.'),
      ce_traceparent: text('W3C traceparent (CloudEvents distributed-tracing extension), when the event carries trace context.'),
      ce_tracestate: text('W3C tracestate, when the event carries trace context.'),
      ce_metadata: text('JSON object of any other metadata keys.'),
    },
    required: [
      'content-type',
      'ce_specversion',
      'ce_id',
      'ce_type',
      'ce_source',
      'ce_subject',
      'ce_time',
      'ce_dataschema',
      'ce_streamid',
      'ce_streamversion',
      'ce_schemaversion',
      'ce_globalposition',
      'ce_transactionid',
    ],
  };
}

function deadLetterMessage(): unknown {
  return {
    name: 'DeadLetter',
    title: 'Dead-lettered record',
    summary: 'The original record (key, value and every original header, CloudEvents ones included) plus why and where it failed.',
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        [DLT_HEADERS.error]: text('The error message (at most 2,000 characters).'),
        [DLT_HEADERS.errorName]: text('The error class, e.g. CloudEventMappingError, UnverifiableEventError.'),
        [DLT_HEADERS.originalTopic]: text('The topic the record was consumed from.'),
        [DLT_HEADERS.originalPartition]: text('Its partition (decimal).'),
        [DLT_HEADERS.originalOffset]: text('Its offset (decimal).'),
        [DLT_HEADERS.consumerGroup]: text('The consumer group that gave up on it.'),
        [DLT_HEADERS.attempts]: text('Handler attempts made (0: the record could not be mapped).'),
      },
      required: Object.values(DLT_HEADERS),
    },
    payload: { description: 'The original record value, unchanged (the event data as JSON for a well-formed record).' },
    bindings: { kafka: { key: { type: 'string', description: 'The original record key.' }, bindingVersion: KAFKA_BINDING_VERSION } },
  };
}
