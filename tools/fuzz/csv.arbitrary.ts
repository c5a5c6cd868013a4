import fc from 'fast-check';
import { HOSTILE_STRINGS } from './json-value.arbitrary';

/** Columns of the imports (lead lists and spend) and some that none of them knows. */
const HEADERS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'company',
  'website',
  'domain',
  'country',
  'source',
  'consent',
  'campaign',
  'period',
  'channel',
  'amount',
  'currency',
  'spend_id',
  'vendor_id',
  'campaign_id',
  'notes',
  'constructor',
  '__proto__',
  'a\u0000b',
];

const PLAUSIBLE_CELLS = [
  'Ada',
  'ada@acme.com',
  '+1 415 555 0100',
  'CTO',
  'Acme',
  'https://acme.com',
  'acme.com',
  'US',
  'purchased-list',
  'yes',
  '2026-03',
  'paid-search',
  '9000',
  '12.50',
  'EUR',
  '',
];

const cell: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PLAUSIBLE_CELLS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('a,b', 'say "hi"', 'two\nlines', '1'.repeat(2_000)) },
);

export interface CsvFile {
  /** Well-formed: every cell quoted, so the parser must read it; garbage may fail to parse (an answer, not a fault). */
  readonly wellFormed: boolean;
  readonly bytes: Uint8Array;
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

const wellFormed: fc.Arbitrary<CsvFile> = fc
  .uniqueArray(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...HEADERS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((headers) =>
    fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { maxLength: 8 }).map((rows) => {
      const text = [headers, ...rows].map((row) => row.map(quote).join(',')).join('\r\n');
      return { wellFormed: true, bytes: new TextEncoder().encode(text) };
    }),
  );

// Raw bytes: NUL, a CESU-8 surrogate, invalid UTF-8, an unclosed quote, a BOM.
const garbage: fc.Arbitrary<CsvFile> = fc
  .array(
    fc.oneof(
      fc.constantFrom([0x00], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0x22], [0x2c], [0x0a], [0xef, 0xbb, 0xbf]),
      fc.string({ maxLength: 20 }).map((text) => [...new TextEncoder().encode(text)]),
    ),
    { maxLength: 30 },
  )
  .map((parts) => ({ wellFormed: false, bytes: Uint8Array.from(parts.flat()) }));

export const csvFile: fc.Arbitrary<CsvFile> = fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: garbage });
