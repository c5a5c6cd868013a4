/**
 * The evolution rule of a published event schema within one version (docs/events.md, "Evolution"):
 * the only compatible change is a new OPTIONAL property (and any change to descriptions, titles and
 * examples). Everything else (a property removed, renamed or retyped, a property that becomes
 * required or optional, a new required property, an enum value added or removed, a format or a
 * bound changed) is breaking and needs a new version with an upcaster from the previous one.
 *
 * Both sides are JSON Schema 2020-12 documents with every type inlined (the generator exposes no
 * definitions), so the comparison walks them in parallel.
 */
export type JsonSchema = { readonly [key: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'markdownDescription', 'deprecated']);
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'unevaluatedProperties']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);

/** Why `after` is not a compatible change of `before` (empty: compatible). */
export function incompatibilities(before: JsonSchema, after: JsonSchema, at = '$'): string[] {
  const problems: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((key) => !ANNOTATIONS.has(key)));
  for (const key of keys) {
    const was = before[key];
    const is = after[key];
    if (key === 'properties') {
      problems.push(...propertyChanges(before, after, at));
    } else if (key === 'required') {
      continue; // judged with the properties
    } else if (SUBSCHEMA.has(key) && isSchema(was) && isSchema(is)) {
      problems.push(...incompatibilities(was, is, `${at}.${key}`));
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(was) && Array.isArray(is) && was.length === is.length) {
      was.forEach((schema, i) => problems.push(...incompatibilities(schema as JsonSchema, is[i] as JsonSchema, `${at}.${key}[${i}]`)));
    } else if (!deepEqual(was, is)) {
      problems.push(`${at}: ${key} changed from ${describe(was)} to ${describe(is)}`);
    }
  }
  return problems;
}

function propertyChanges(before: JsonSchema, after: JsonSchema, at: string): string[] {
  const problems: string[] = [];
  const was = (before.properties ?? {}) as Record<string, JsonSchema>;
  const is = (after.properties ?? {}) as Record<string, JsonSchema>;
  const wasRequired = new Set((before.required ?? []) as string[]);
  const isRequired = new Set((after.required ?? []) as string[]);
  for (const name of Object.keys(was)) {
    if (!(name in is)) {
      problems.push(`${at}.${name}: property removed`);
      continue;
    }
    if (wasRequired.has(name) !== isRequired.has(name)) {
      problems.push(`${at}.${name}: became ${isRequired.has(name) ? 'required' : 'optional'}`);
    }
    problems.push(...incompatibilities(was[name], is[name], `${at}.${name}`));
  }
  for (const name of Object.keys(is)) {
    if (!(name in was) && isRequired.has(name)) problems.push(`${at}.${name}: new required property`);
  }
  return problems;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isSchema(a) && isSchema(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}
