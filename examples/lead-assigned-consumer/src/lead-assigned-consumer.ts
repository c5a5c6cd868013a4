/**
 * A downstream team's consumer of Leadline's `LeadAssigned` events that relies on the published
 * contract only: the AsyncAPI document (which topic, which CloudEvents type, which schema) and the
 * JSON Schema of the payload, fetched by the record's `ce_dataschema`. No Leadline library.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { Consumer, IHeaders, Kafka } from 'kafkajs';

/** What the AsyncAPI document says about LeadAssigned records. */
export interface LeadAssignedContract {
  readonly topic: string;
  /** CloudEvents types of LeadAssigned this consumer understands, e.g. `io.leadline.lead.assigned.v1`. */
  readonly ceType: string;
  readonly dataschema: string;
}

type Json = Record<string, unknown>;

/** Reads the topic, `ce_type` and `ce_dataschema` of LeadAssigned from an AsyncAPI 3 document (as served at GET /asyncapi.json). */
export function leadAssignedContract(asyncapi: Json): LeadAssignedContract {
  const channels = asyncapi.channels as Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  const messages = (asyncapi.components as { messages: Record<string, Json> }).messages;
  for (const channel of Object.values(channels)) {
    const ref = channel.messages.LeadAssigned?.$ref;
    if (!ref) continue;
    const message = messages[ref.split('/').pop() as string];
    const headers = (message.headers as { properties: Record<string, { const?: string }> }).properties;
    return { topic: channel.address, ceType: String(headers.ce_type.const), dataschema: String(headers.ce_dataschema.const) };
  }
  throw new Error('The AsyncAPI document has no channel carrying LeadAssigned');
}

/** Where JSON Schemas come from, by their `$id` (the records' `ce_dataschema`). */
export type SchemaSource = (dataschema: string) => Promise<Json>;

/** Schemas served by a running Leadline: the path of the `$id` under its base URL (GET /schemas/events/...). */
export function schemasFromPlatform(baseUrl: string): SchemaSource {
  return async (dataschema) => {
    const response = await fetch(new URL(new URL(dataschema).pathname.replace(/^\//, 'schemas/'), `${baseUrl.replace(/\/$/, '')}/`));
    if (!response.ok) throw new Error(`GET schema ${dataschema}: ${response.status}`);
    return (await response.json()) as Json;
  };
}

/** Schemas from a copy of Leadline's `contracts/` folder: the path of the `$id` under it. */
export function schemasFromDirectory(contractsDir: string): SchemaSource {
  return async (dataschema) => JSON.parse(await readFile(join(contractsDir, new URL(dataschema).pathname), 'utf8')) as Json;
}

export interface LeadAssignment {
  readonly eventId: string;
  readonly leadId: string;
  readonly sdrId: string;
  readonly team: string;
  readonly assignedAt: string;
  readonly slaDueAt: string | null;
  readonly ceType: string;
}

export interface Rejection {
  readonly eventId: string | undefined;
  readonly why: string;
}

export interface LeadAssignedConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly contract: LeadAssignedContract;
  readonly schemas: SchemaSource;
  readonly onAssignment: (assignment: LeadAssignment) => Promise<void> | void;
  readonly onRejected?: (rejection: Rejection) => Promise<void> | void;
  readonly fromBeginning?: boolean;
}

/**
 * Consumes the LeadAssigned topic: a record whose `ce_type` is LeadAssigned (any version whose
 * schema it can load) is validated against the schema its `ce_dataschema` names, then handed on
 * once per `ce_id` (delivery is at least once); other event types on the topic are skipped; a
 * LeadAssigned record that breaks its schema is rejected with the reasons.
 */
export class LeadAssignedConsumer {
  private readonly consumer: Consumer;
  private readonly validators = new Map<string, Promise<ValidateFunction>>();
  private readonly seen = new Set<string>();
  private readonly ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  private readonly typePrefix: string;

  constructor(private readonly options: LeadAssignedConsumerOptions) {
    this.consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 200 });
    this.typePrefix = options.contract.ceType.replace(/\.v\d+$/, '.v');
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.contract.topic], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({ eachMessage: async ({ message }) => this.handle(stringHeaders(message.headers), message.value) });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private async handle(headers: Record<string, string>, value: Buffer | null): Promise<void> {
    const ceType = headers.ce_type ?? '';
    if (!ceType.startsWith(this.typePrefix)) return; // another event type on the topic
    const eventId = headers.ce_id;
    const reject = (why: string) => this.options.onRejected?.({ eventId, why });
    if (headers.ce_specversion !== '1.0') return reject(`ce_specversion ${headers.ce_specversion ?? '(none)'}`);
    if (!eventId) return reject('no ce_id');
    if (!headers['content-type']?.startsWith('application/json')) return reject(`content-type ${headers['content-type'] ?? '(none)'}`);
    if (!headers.ce_dataschema) return reject('no ce_dataschema');
    if (this.seen.has(eventId)) return;
    let data: unknown;
    try {
      data = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      return reject('value is not JSON');
    }
    const validate = await this.validatorFor(headers.ce_dataschema);
    if (!validate(data)) {
      return reject(this.ajv.errorsText(validate.errors, { dataVar: 'data' }));
    }
    const assigned = data as { leadId: string; sdrId: string; team: string; assignedAt: string; slaDueAt: string | null };
    if (headers.ce_subject !== assigned.leadId) return reject(`ce_subject ${headers.ce_subject} is not the lead ${assigned.leadId}`);
    await this.options.onAssignment({
      eventId,
      leadId: assigned.leadId,
      sdrId: assigned.sdrId,
      team: assigned.team,
      assignedAt: assigned.assignedAt,
      slaDueAt: assigned.slaDueAt,
      ceType,
    });
    this.seen.add(eventId);
  }

  private validatorFor(dataschema: string): Promise<ValidateFunction> {
    let validator = this.validators.get(dataschema);
    if (!validator) {
      validator = this.options.schemas(dataschema).then((schema) => this.ajv.getSchema(dataschema) ?? this.ajv.compile(schema));
      validator.catch(() => this.validators.delete(dataschema));
      this.validators.set(dataschema, validator);
    }
    return validator;
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name.toLowerCase()] = last.toString();
  }
  return result;
}
