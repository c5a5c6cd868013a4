import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

type Json = Record<string, unknown>;

export interface PublishedRecordsReport {
  /** Records read per CloudEvents type. */
  readonly types: Record<string, number>;
  /** Every record that breaks the contract, with why. */
  readonly problems: string[];
}

/**
 * Reads back every record on the event topics of a deployment (the AsyncAPI document's channels under
 * `topicPrefix`), from the beginning to the end offsets of the moment, as a downstream consumer would,
 * and checks each against the published contract: its headers against the AsyncAPI message the
 * `ce_type` names, its value against the JSON Schema its `ce_dataschema` names (from contracts/).
 */
export async function checkPublishedRecords(contractsDir: string, brokers: string[], topicPrefix: string): Promise<PublishedRecordsReport> {
  const asyncapi = JSON.parse(readFileSync(join(contractsDir, 'asyncapi.json'), 'utf8')) as Json;
  const channels = asyncapi.channels as Record<string, { address: string }>;
  const messages = (asyncapi.components as { messages: Record<string, Json> }).messages;
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const headerValidators = new Map<string, ValidateFunction>();
  for (const message of Object.values(messages)) {
    const ceType = ((message.headers as Json).properties as Record<string, { const?: string }>).ce_type?.const;
    if (ceType) headerValidators.set(ceType, ajv.compile(message.headers as Json));
  }
  const payloadValidators = new Map<string, ValidateFunction>();
  const payloadValidator = (dataschema: string): ValidateFunction => {
    let validate = payloadValidators.get(dataschema);
    if (!validate) {
      validate = ajv.compile(JSON.parse(readFileSync(join(contractsDir, new URL(dataschema).pathname), 'utf8')) as Json);
      payloadValidators.set(dataschema, validate);
    }
    return validate;
  };

  const topics = Object.entries(channels)
    .filter(([name]) => !name.startsWith('dlt.'))
    .map(([, channel]) => channel.address.replace(/^leadline\./, topicPrefix));
  const kafka = new Kafka({ clientId: 'published-records-check', brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const readable = topics.filter((topic) => existing.has(topic));
  const remaining = new Map<string, bigint>(); // topic/partition -> last offset to read
  for (const topic of readable) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(partition.high) > BigInt(partition.low)) remaining.set(`${topic}/${partition.partition}`, BigInt(partition.high) - 1n);
    }
  }
  await admin.disconnect();

  const types: Record<string, number> = {};
  const problems: string[] = [];
  const consumer = kafka.consumer({ groupId: `${topicPrefix}published-records-check`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    if (readable.length > 0) await consumer.subscribe({ topics: readable, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    if (remaining.size === 0) done();
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers = stringHeaders(message.headers);
        const where = `${topic}/${partition}@${message.offset} ${headers.ce_type ?? '(no ce_type)'}`;
        const ceType = headers.ce_type ?? '';
        types[ceType] = (types[ceType] ?? 0) + 1;
        const validateHeaders = headerValidators.get(ceType);
        if (!validateHeaders) problems.push(`${where}: not a published CloudEvents type`);
        else if (!validateHeaders(headers)) problems.push(`${where}: headers ${ajv.errorsText(validateHeaders.errors)}`);
        if (headers.ce_dataschema) {
          const validate = payloadValidator(headers.ce_dataschema);
          if (!validate(JSON.parse(message.value?.toString('utf8') ?? 'null')))
            problems.push(`${where}: value ${ajv.errorsText(validate.errors)}`);
        }
        const key = `${topic}/${partition}`;
        const last = remaining.get(key);
        if (last !== undefined && BigInt(message.offset) >= last) {
          remaining.delete(key);
          if (remaining.size === 0) done();
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`records left unread: ${[...remaining.keys()].join(', ')}`)), 60_000);
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return { types, problems };
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
