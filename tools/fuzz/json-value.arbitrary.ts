import fc from 'fast-check';
import { resolveSchema, type OpenApiDocument, type Schema } from './openapi-routes';

/** Strings that have broken parsers, validators, drivers or databases somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '%00',
  '../../etc/passwd',
  "'; drop table event_store.events; --",
  '<script>alert(1)</script>',
  '\u202eevil',
  '1e309',
  '-0',
  'null',
  'constructor',
  '__proto__',
  '\r\n\t',
  '"',
  '\\',
  'x'.repeat(5_000),
  '🚀'.repeat(300),
  '0000-00-00',
  '2026-02-30T25:61:00Z',
];

/** Plausible values by property name, so bodies get past the first checks and reach deeper ones; the first of each is valid. */
const HINTS: Readonly<Record<string, readonly unknown[]>> = {
  email: ['ada@acme.com', 'Wile.Coyote@Acme.com', 'not-an-email'],
  managerEmail: ['lead@acme.com'],
  phone: ['+1 415 555 0100', '030 1234567', '+49 (30) 123-45 ext. 7', 'call me'],
  website: ['https://www.acme.com', 'acme.com', 'ftp://x'],
  domain: ['acme.com', 'xn--bcher-kva.example', 'not a domain'],
  country: ['US', 'DE', 'us', 'ZZ', 'USA'],
  timeZone: ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Mars/Olympus'],
  period: ['2026-03', '2026-13', '1999-01'],
  currency: ['EUR', 'USD', 'eur', 'EURO'],
  start: ['09:00', '24:00', '2026-12-01T10:00:00Z', '25:00'],
  end: ['17:00', '24:00', '2026-12-01T10:30:00Z'],
  from: ['2026-12-01', '2026-12-01T08:00:00Z', '2020-01-01'],
  to: ['2026-12-02', '2026-12-01T18:00:00Z'],
  at: ['2026-12-01T10:00:00Z'],
  renewalDate: ['2027-03-20', '2027-03-20T00:00:00Z', '1970-01-01'],
  newRenewalDate: ['2028-03-20T00:00:00Z'],
  returnBy: ['2027-01-01T00:00:00Z'],
  days: [[1, 2, 3, 4, 5], [], [0, 8], [7]],
};

const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constant([]),
  fc.constant({}),
  anyJson,
);

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);

const number: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -10, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2, 48_000),
);

/**
 * A JSON value for a schema: mostly of the right shape with plausible or hostile leaves (so it
 * reaches the validators and, when valid, the handlers), sometimes of the wrong type altogether.
 */
export function jsonValueFor(schema: Schema, document: OpenApiDocument, name = '', depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolveSchema(schema, document);
  const right = rightValueFor(resolved, document, name, depth);
  return fc.oneof({ weight: 24, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

/**
 * A value the schema's own examples, enums and the hints above make likely to be valid: the
 * baseline an attack is applied to, so that it reaches the handlers and deciders behind validation.
 */
export function plausibleValueFor(schema: Schema, document: OpenApiDocument, name = '', depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolveSchema(schema, document);
  const hint = HINTS[name]?.[0] ?? resolved.example;
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  if (resolved.oneOf?.length) return plausibleValueFor(resolved.oneOf[0], document, name, depth + 1);
  if (hint !== undefined) return fc.constant(hint);
  switch (resolved.type) {
    case 'string':
      return resolved.format === 'uuid' ? fc.uuid() : fc.constantFrom('fuzz', 'Fuzz Value', 'fuzz-1');
    case 'number':
    case 'integer':
      return fc.integer({ min: 1, max: 12 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return resolved.items && depth < 6
        ? fc.array(plausibleValueFor(resolved.items, document, name, depth + 1), { minLength: 1, maxLength: 2 })
        : fc.constant([]);
    case 'object':
    case undefined: {
      const properties = Object.entries(resolved.properties ?? {});
      if (properties.length === 0) return fc.constant({});
      const model = Object.fromEntries(properties.map(([key, property]) => [key, plausibleValueFor(property, document, key, depth + 1)]));
      return fc.record(model, { requiredKeys: (resolved.required ?? []).filter((key) => key in model) });
    }
    default:
      return fc.constant(null);
  }
}

function rightValueFor(schema: Schema, document: OpenApiDocument, name: string, depth: number): fc.Arbitrary<unknown> {
  const hints = HINTS[name] ?? [];
  if (schema.enum) return fc.oneof({ weight: 16, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileString });
  if (schema.oneOf?.length) return fc.oneof(...schema.oneOf.map((option) => jsonValueFor(option, document, name, depth + 1)));
  const plausible: fc.Arbitrary<unknown>[] = [...hints, ...(schema.example === undefined ? [] : [schema.example])].map((v) =>
    fc.constant(v),
  );
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        ...plausible.map((arbitrary) => ({ weight: 6, arbitrary })),
        { weight: 4, arbitrary: schema.format === 'uuid' ? fc.uuid() : fc.string({ minLength: 1, maxLength: 30 }) },
        { weight: 1, arbitrary: hostileString },
      );
    case 'number':
    case 'integer':
      return plausible.length > 0 ? fc.oneof(...plausible, number) : number;
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (plausible.length > 0 && !schema.items) return fc.oneof(...plausible);
      return fc.oneof(
        ...plausible,
        fc.array(schema.items && depth < 6 ? jsonValueFor(schema.items, document, name, depth + 1) : anyJson, { maxLength: 6 }),
      );
    case 'object':
    case undefined:
      if (!schema.properties)
        return fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), number, fc.boolean()), { maxKeys: 8 });
      return objectFor(schema, document, depth);
    default:
      return anyJson;
  }
}

function objectFor(schema: Schema, document: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [key, depth < 6 ? jsonValueFor(property, document, key, depth + 1) : anyJson]),
  );
  const known = fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
  // An unknown property now and then: whitelisting must refuse it, never crash on it.
  const extra = fc.option(fc.tuple(fc.string({ maxLength: 12 }), anyJson), { freq: 8 });
  return fc.tuple(known, extra).map(([value, unknown]) => (unknown ? { ...value, [unknown[0]]: unknown[1] } : value));
}
