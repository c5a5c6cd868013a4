import fc from 'fast-check';
import { attackPlan, bodyText, type Attack } from './attack.arbitrary';
import { csvFile, type CsvFile } from './csv.arbitrary';
import { HOSTILE_STRINGS, jsonValueFor, plausibleValueFor } from './json-value.arbitrary';
import { resolveSchema, type FuzzRoute, type OpenApiDocument } from './openapi-routes';

export type FuzzBody =
  | { readonly kind: 'json'; readonly text: string; readonly contentType: string }
  | { readonly kind: 'csv'; readonly file: CsvFile }
  | { readonly kind: 'form'; readonly fields: readonly (readonly [string, string])[]; readonly file?: CsvFile }
  | { readonly kind: 'none' };

export interface FuzzRequest {
  readonly method: 'POST' | 'PATCH';
  readonly template: string;
  /** Path and query, percent-encoded as sent. */
  readonly target: string;
  readonly body: FuzzBody;
  /** What the request tries: an attack class, or `none` for a generated body as is. */
  readonly attack: Attack | 'csv' | 'csv-garbage';
}

// Raw encodings no string can produce through encodeURIComponent: NUL, a CESU-8 surrogate, broken escapes.
const RAW_SEGMENTS = ['%00', 'x%00y', '%ED%A0%80', '%', '%zz', '%C0%80', '..', '%2e%2e', '%2F'];

function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: what a client that encodes it byte-wise would send
  }
}

/** Path parameters: the ids of things that exist (so routes get past their 404s), fresh uuids, and hostile segments. */
function segment(knownIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...knownIds).map(encodeSegment) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(encodeSegment) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeSegment) },
  );
}

function queryString(route: FuzzRoute, document: OpenApiDocument): fc.Arbitrary<string> {
  const declared = route.queryParams.map((parameter) =>
    fc
      .option(jsonValueFor(parameter.schema ?? { type: 'string' }, document, parameter.name), { freq: 2 })
      .map((value) => (value === null || value === undefined ? '' : `${parameter.name}=${encodeSegment(String(value))}`)),
  );
  const stray = fc.option(fc.constantFrom('constructor=1', '__proto__[x]=1', 'a=%00', 'b=%ED%A0%80', 'c[d][e][f]=1'), { freq: 6 });
  return fc.tuple(fc.tuple(...declared), stray).map(([pairs, extra]) => {
    const all = [...pairs.filter((pair) => pair !== ''), ...(extra ? [extra] : [])];
    return all.length ? `?${all.join('&')}` : '';
  });
}

function bodyFor(route: FuzzRoute, document: OpenApiDocument): fc.Arbitrary<{ body: FuzzBody; attack: FuzzRequest['attack'] }> {
  if (route.form || route.csv) {
    const fields = Object.entries(route.form ? (resolveSchema(route.form, document).properties ?? {}) : {}).filter(
      ([, schema]) => schema.format !== 'binary',
    );
    const form = fc
      .tuple(
        fc.tuple(
          ...fields.map(([name, schema]) => fc.option(jsonValueFor(schema, document, name), { freq: 5 }).map((v) => [name, v] as const)),
        ),
        fc.option(csvFile, { freq: 10 }),
      )
      .map(([values, file]) => ({
        body: {
          kind: 'form' as const,
          fields: values
            .filter(([, v]) => v !== null && v !== undefined)
            .map(([name, v]) => [name, typeof v === 'string' ? v : JSON.stringify(v)] as const),
          file: file ?? undefined,
        },
        attack: (file && !file.wellFormed ? 'csv-garbage' : 'csv') as FuzzRequest['attack'],
      }));
    if (!route.csv) return form;
    const raw = csvFile.map((file) => ({
      body: { kind: 'csv' as const, file },
      attack: (file.wellFormed ? 'csv' : 'csv-garbage') as FuzzRequest['attack'],
    }));
    return fc.oneof(form, raw);
  }
  const value = route.json
    ? fc.oneof(jsonValueFor(route.json, document), plausibleValueFor(route.json, document))
    : fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 2 });
  return fc
    .tuple(value, attackPlan, fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain'))
    .map(([generated, plan, contentType]) =>
      generated === null && plan.attack === 'none' && !route.json
        ? { body: { kind: 'none' as const }, attack: 'none' as const }
        : { body: { kind: 'json' as const, text: bodyText(generated, plan), contentType }, attack: plan.attack },
    );
}

/** Requests to one route: its path filled in, sometimes a query, and a body for what it consumes. */
export function requestFor(route: FuzzRoute, document: OpenApiDocument, knownIds: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...route.pathParams.map(() => segment(knownIds)));
  return fc.tuple(params, queryString(route, document), bodyFor(route, document)).map(([values, query, { body, attack }]) => {
    let path = route.template;
    route.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, values[i])));
    return { method: route.method, template: route.template, target: `${path}${query}`, body, attack };
  });
}

/** Requests spread evenly over the routes. */
export function requestArbitrary(
  routes: readonly FuzzRoute[],
  document: OpenApiDocument,
  knownIds: readonly string[],
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...routes.map((route) => requestFor(route, document, knownIds)));
}
