/** The slice of an OpenAPI 3 document the fuzzer reads: what the app serves at /docs-json. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly format?: string;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly Schema[];
  readonly additionalProperties?: boolean | Schema;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: Schema;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: Schema }>> };
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

/** One POST or PATCH route and the shapes of its input. */
export interface FuzzRoute {
  readonly method: 'POST' | 'PATCH';
  /** OpenAPI template, e.g. `/leads/{id}/activities`. */
  readonly template: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly Parameter[];
  readonly json?: Schema;
  /** multipart/form-data fields (a `format: binary` field is a CSV file). */
  readonly form?: Schema;
  /** Takes a raw text/csv body. */
  readonly csv: boolean;
}

/** Every POST and PATCH operation of the document: a route added to any service is fuzzed without a change here. */
export function fuzzRoutes(document: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [verb, operation] of Object.entries(operations)) {
      const method = verb.toUpperCase();
      if (method !== 'POST' && method !== 'PATCH') continue;
      const content = operation.requestBody?.content ?? {};
      const parameters = operation.parameters ?? [];
      routes.push({
        method,
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query'),
        json: content['application/json']?.schema,
        form: content['multipart/form-data']?.schema,
        csv: 'text/csv' in content,
      });
    }
  }
  return routes;
}

/** Follows `$ref`s into components.schemas. */
export function resolveSchema(schema: Schema, document: OpenApiDocument): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`OpenAPI document: ${current.$ref} is not defined`);
    current = target;
  }
  return current;
}
