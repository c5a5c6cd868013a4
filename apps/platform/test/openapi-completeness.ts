/** The slice of an OpenAPI 3 document the completeness check reads. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
}

interface Media {
  readonly schema?: Schema;
  readonly example?: unknown;
  readonly examples?: Readonly<Record<string, unknown>>;
}

interface Operation {
  readonly summary?: string;
  /** Why an operation has no error answer (liveness): the platform's NEVER_FAILS_EXTENSION. */
  readonly 'x-leadline-never-fails'?: string;
  readonly requestBody?: { readonly content?: Readonly<Record<string, Media>> };
  readonly responses?: Readonly<Record<string, { readonly content?: Readonly<Record<string, Media>> }>>;
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * What each operation lacks of a complete contract: a summary; a success (2xx) answer with a schema and
 * an example; at least one error answer (unless it says why it has none), each with a schema; a request body (if any) with an example.
 * An example is one on the media type, or one a schema's own examples make whole (every property,
 * at every depth, has one, a default or is an enum). Empty when the operation is complete.
 */
export function missingContract(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.has(method)) continue;
      const lacks = lacksOf(operation, document);
      if (lacks.length > 0) problems.push(`${method.toUpperCase()} ${path}: ${lacks.join(', ')}`);
    }
  }
  return problems;
}

function lacksOf(operation: Operation, document: OpenApiDocument): string[] {
  const lacks: string[] = [];
  if (!operation.summary?.trim()) lacks.push('summary');
  const responses = Object.entries(operation.responses ?? {});
  const success = responses.filter(([status]) => /^2\d\d$/.test(status)).flatMap(([, response]) => Object.values(response.content ?? {}));
  if (!success.some((media) => media.schema)) lacks.push('success schema');
  else if (!success.some((media) => hasExample(media, document))) lacks.push('success example');
  const errors = responses.filter(([status]) => /^[45]\d\d$/.test(status));
  if (errors.length === 0 && !operation['x-leadline-never-fails']) lacks.push('error responses');
  for (const [status, response] of errors) {
    if (!Object.values(response.content ?? {}).some((media) => media.schema)) lacks.push(`${status} schema`);
  }
  const body = Object.values(operation.requestBody?.content ?? {});
  if (body.length > 0 && !body.some((media) => hasExample(media, document))) lacks.push('request example');
  return lacks;
}

function hasExample(media: Media, document: OpenApiDocument): boolean {
  if (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0) return true;
  return media.schema !== undefined && exemplified(media.schema, document, new Set());
}

/** Whether the schema's examples make a whole example (a file upload's binary part needs none). */
function exemplified(schema: Schema, document: OpenApiDocument, seen: Set<string>): boolean {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return true;
    const target = document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
    return target !== undefined && exemplified(target, document, new Set([...seen, schema.$ref]));
  }
  if (schema.example !== undefined || schema.default !== undefined || (schema.enum?.length ?? 0) > 0 || schema.format === 'binary')
    return true;
  if (schema.allOf) return schema.allOf.every((part) => exemplified(part, document, seen));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((part) => exemplified(part, document, seen));
  if (schema.type === 'array') return schema.items !== undefined && exemplified(schema.items, document, seen);
  const properties = Object.values(schema.properties ?? {});
  return properties.length > 0 && properties.every((property) => exemplified(property, document, seen));
}

/**
 * Examples that do not fit their own schema (type, integer, enum, nullable, array items, an object's
 * keys): every property example, and the request and response examples of every operation.
 * An example is documentation a client copies, so a wrong one is a bug. Empty when all fit.
 */
export function exampleMismatches(document: OpenApiDocument): string[] {
  const found: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const media = [
        ...Object.values(operation.requestBody?.content ?? {}).map((m) => ['request', m] as const),
        ...Object.entries(operation.responses ?? {}).flatMap(([status, r]) =>
          Object.values(r.content ?? {}).map((m) => [status, m] as const),
        ),
      ];
      for (const [where, { schema, example }] of media) {
        if (schema && example !== undefined && !fits(example, schema, document)) {
          found.push(`${method.toUpperCase()} ${path} ${where}: its example does not fit its schema`);
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (property.example !== undefined && !fits(property.example, property, document)) {
        found.push(`${name}.${key}: ${JSON.stringify(property.example)} is not ${describe(property)}`);
      }
    }
  }
  return found;
}

function fits(value: unknown, schema: Schema, document: OpenApiDocument): boolean {
  if (schema.$ref) {
    const target = document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
    return target === undefined || fits(value, target, document);
  }
  if (value === null) return schema.nullable === true;
  if (schema.enum) return schema.enum.includes(value);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((option) => fits(value, option, document));
  if (schema.allOf) return schema.allOf.every((part) => fits(value, part, document));
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && (schema.items === undefined || value.every((item) => fits(item, schema.items as Schema, document)));
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) && fitsProperties(value as Record<string, unknown>, schema, document);
    default:
      return true;
  }
}

/** An object example: its required keys present, no key the schema does not know, each value fitting. */
function fitsProperties(value: Record<string, unknown>, schema: Schema, document: OpenApiDocument): boolean {
  if (!schema.properties) return true;
  if (!(schema.required ?? []).every((key) => key in value)) return false;
  return Object.entries(value).every(([key, item]) => {
    const property = schema.properties?.[key];
    return property ? fits(item, property, document) : schema.additionalProperties !== undefined && schema.additionalProperties !== false;
  });
}

const describe = (schema: Schema): string => JSON.stringify({ type: schema.type, enum: schema.enum, nullable: schema.nullable });
