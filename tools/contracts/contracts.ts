/**
 * Generates the published event contracts from the TypeScript event types (the one source of
 * truth, libs/domain/src/**\/*.events.ts) and compares them with what is checked in:
 *
 *   contracts/events/<Type>/v<N>.schema.json   JSON Schema 2020-12 of the event's data, with an example
 *   contracts/asyncapi.json                     AsyncAPI 3.0 of every topic the platform's services produce and consume
 *   docs/events.md                              the same, for humans
 *
 * Only the current version of each event type is generated; the files of older versions stay as
 * they were checked in (they describe events still in the store and on the topics). Used by
 * `npm run contracts` (writes) and by contracts.spec.ts (fails when anything is out of date or a
 * schema changed incompatibly within its version).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { cloudEventTypeOf, EVENT_CONTRACTS, PUBLISHED_EVENT_TYPES, schemaIdOf, schemaPathOf, type EventContract } from '@leadline/domain';
import { buildAsyncApiDocument } from '@leadline/platform';
import { PLATFORM_SERVICES } from '../../apps/platform/src/platform-services';
import { renderEventsMarkdown } from './render-events-md';
import { incompatibilities, type JsonSchema } from './schema-compat';

export const ROOT = join(__dirname, '..', '..');
export const CONTRACTS_DIR = join(ROOT, 'contracts');
const EVENT_SOURCES = 'libs/domain/src/**/*.events.ts';
const DEFAULT_TOPIC_PREFIX = 'leadline.';

export interface GeneratedFile {
  /** Repository-relative path. */
  readonly path: string;
  readonly content: string;
}

export interface ContractCheck {
  /** Generated files whose checked-in copy is missing or different. */
  readonly outOfDate: readonly string[];
  /** Incompatible changes to an already published version (`<Type> v<N>: why`). */
  readonly breaking: readonly string[];
  /** Checked-in schema files of versions that no longer exist (gaps, versions above the current one). */
  readonly stray: readonly string[];
}

/** The data schema of every published event at its current version, as 2020-12 documents. */
export function generateEventSchemas(): Map<string, JsonSchema> {
  const generator = createGenerator({
    path: join(ROOT, EVENT_SOURCES),
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    expose: 'none',
    topRef: false,
    skipTypeCheck: true, // `npm run typecheck` does that
    additionalProperties: true, // open content model: a new optional property stays compatible for old readers
    jsDoc: 'extended',
    sortProps: false,
  });
  const headers = fileHeaderComments();
  const schemas = new Map<string, JsonSchema>();
  for (const type of PUBLISHED_EVENT_TYPES) {
    const contract = EVENT_CONTRACTS[type] as EventContract;
    const event = generator.createSchema(type) as JsonSchema & { properties?: { data?: JsonSchema } };
    const data = event.properties?.data;
    if (!data) throw new Error(`${type}: the generated schema has no data property`);
    const body = withoutFileHeaders(data, headers);
    assertSelfContained(type, body);
    schemas.set(type, {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: schemaIdOf(type, contract.version),
      title: `${type} v${contract.version}`,
      description: `${contract.summary} CloudEvents type ${cloudEventTypeOf(type, contract.version)}, produced by ${contract.producer} on topic ${DEFAULT_TOPIC_PREFIX}${contract.category}.`,
      ...body,
      examples: [contract.example],
    });
  }
  return schemas;
}

/** Every generated file with its formatted content. */
export async function generateContractFiles(): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const schemas = generateEventSchemas();
  for (const [type, schema] of schemas) {
    const version = (EVENT_CONTRACTS[type as keyof typeof EVENT_CONTRACTS] as EventContract).version;
    files.push({ path: `contracts/${schemaPathOf(type, version)}`, content: await formatJson(schema) });
  }
  const asyncapi = buildAsyncApiDocument({ services: PLATFORM_SERVICES, schemas });
  files.push({ path: 'contracts/asyncapi.json', content: await formatJson(asyncapi) });
  files.push({ path: 'docs/events.md', content: renderEventsMarkdown(asyncapi) });
  return files;
}

export function checkContracts(files: readonly GeneratedFile[]): ContractCheck {
  const outOfDate: string[] = [];
  const breaking: string[] = [];
  for (const file of files) {
    const onDisk = join(ROOT, file.path);
    const current = existsSync(onDisk) ? readFileSync(onDisk, 'utf8') : undefined;
    if (current === file.content) continue;
    outOfDate.push(file.path);
    const match = /^contracts\/events\/([A-Za-z]+)\/v(\d+)\.schema\.json$/.exec(file.path);
    if (current !== undefined && match) {
      const problems = incompatibilities(JSON.parse(current) as JsonSchema, JSON.parse(file.content) as JsonSchema);
      breaking.push(...problems.map((problem) => `${match[1]} v${match[2]}: ${problem}`));
    }
  }
  return { outOfDate, breaking, stray: straySchemaFiles() };
}

/** Schema files that do not belong to v1..current of a published event type. */
function straySchemaFiles(): string[] {
  const dir = join(CONTRACTS_DIR, 'events');
  if (!existsSync(dir)) return [];
  const stray: string[] = [];
  for (const type of readdirSync(dir)) {
    const contract = (EVENT_CONTRACTS as Record<string, EventContract | undefined>)[type];
    for (const file of readdirSync(join(dir, type))) {
      const version = /^v(\d+)\.schema\.json$/.exec(file)?.[1];
      if (!contract || version === undefined || Number(version) > contract.version) {
        stray.push(relative(ROOT, join(dir, type, file)));
      }
    }
  }
  return stray;
}

/** Prettier-formatted, as `npm test`'s format check wants it (loaded lazily: jest's CommonJS runtime cannot load prettier). */
export async function formatJson(value: unknown): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(join(ROOT, 'contracts', 'x.json'))) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, parser: 'json' });
}

/**
 * The generator attaches a file's leading doc comment (what the file's events are about) to the
 * file's first declaration; such a text describes the file, not the field, so it is dropped.
 */
function fileHeaderComments(): Set<string> {
  const headers = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.events.ts')) {
        const text = readFileSync(path, 'utf8').replace(/^(import[^;]*;\s*)*/s, '');
        const comment = /^\/\*\*([\s\S]*?)\*\//.exec(text.trimStart())?.[1];
        if (comment) headers.add(normalise(comment.replace(/^\s*\* ?/gm, ' ')));
      }
    }
  };
  walk(join(ROOT, 'libs', 'domain', 'src'));
  return headers;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function withoutFileHeaders(schema: JsonSchema, headers: Set<string>): JsonSchema {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'description' && typeof child === 'string' && headers.has(normalise(child))) continue;
      result[key] =
        key === 'properties' ? Object.fromEntries(Object.entries(child as object).map(([k, v]) => [k, visit(v)])) : visit(child);
    }
    return result;
  };
  return visit(schema) as JsonSchema;
}

/** Everything is inlined and uses only keywords that mean the same in draft-07 and 2020-12. */
function assertSelfContained(type: string, schema: JsonSchema): void {
  const text = JSON.stringify(schema);
  if (text.includes('"$ref"') || text.includes('"definitions"')) throw new Error(`${type}: recursive types cannot be published inline`);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (!Array.isArray(value) && Array.isArray((value as JsonSchema).items)) throw new Error(`${type}: tuple types are not supported`);
    Object.values(value).forEach(visit);
  };
  visit(schema);
}
