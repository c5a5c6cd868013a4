import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export interface ImportLineFields {
  /** A row's outcomes (the first ones name what the row wrote). */
  readonly outcomes: readonly string[];
  /** The fields a row line carries beside `row` and `outcome`. */
  readonly row: Readonly<Record<string, SchemaObject>>;
  /** The summary's counts beside `rows` (one per outcome, and any other). */
  readonly counts: readonly string[];
}

/**
 * One line of a streamed CSV import's NDJSON answer (NdjsonWriter): `type` row (its number and outcome),
 * summary (the counts) or error (what ended the import after rows were answered, with its status).
 */
export function importLineSchema(fields: ImportLineFields): SchemaObject {
  const counts = Object.fromEntries(fields.counts.map((count) => [count, { type: 'integer' }]));
  return {
    type: 'object',
    required: ['type'],
    properties: {
      type: { type: 'string', enum: ['row', 'summary', 'error'] },
      row: { type: 'integer', description: 'row: its number in the file (1 = the first data row)' },
      outcome: { type: 'string', enum: [...fields.outcomes] },
      ...fields.row,
      rows: { type: 'integer', description: `summary: how many rows; then ${fields.counts.join(', ')}` },
      ...counts,
      status: { type: 'integer', description: 'error: 413 or 400' },
      message: { type: 'string', description: 'error: what ended the import' },
    },
  };
}
