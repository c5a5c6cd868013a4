import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Clock } from '@leadline/domain';
import { deriveEventId } from '@leadline/event-store';
import { findUnsafeInput, UploadTooLargeError, uploadRowsProblem } from '@leadline/platform';
import { CaptureLeadHandler, type CaptureRequest } from '../capture/capture-lead.handler';
import { toLeadCapture } from '../capture/capture-input';
import { sourceRefusal } from '@leadline/platform';
import { describeErrors, validateCapture, type FieldError } from '../capture/validate-capture';
import { LEAD_INTAKE_CLOCK } from '../lead-intake.tokens';
import { csvRowToBody, rowKey } from './csv-row.mapper';

export type RowOutcome =
  | { type: 'row'; row: number; outcome: 'accepted' | 'duplicate'; leadId: string; replayed: boolean }
  | { type: 'row'; row: number; outcome: 'invalid'; reason: string; errors: readonly FieldError[] };

export interface ImportSummary {
  readonly type: 'summary';
  readonly vendorId: string;
  readonly listId: string;
  readonly rows: number;
  readonly accepted: number;
  readonly duplicate: number;
  readonly invalid: number;
  /** Rows answered from an earlier run of the same import: nothing was written for them. */
  readonly replayed: number;
}

const MAX_RECORD_BYTES = 64 * 1024;
/** Rows captured per transaction: one commit, one read of answers and claims, one write of each per chunk. */
export const IMPORT_CHUNK_ROWS = 50;

type Listed = { readonly vendorId: string; readonly listId: string; readonly sources?: readonly string[] | null };
/** A parsed row: refused already, or the capture it asks for. */
type Parsed = { readonly row: number } & ({ readonly refused: RowOutcome } | { readonly request: CaptureRequest });

/**
 * A vendor's list as it streams in: each row validated and normalised on its own, then captured in
 * chunks of rows, each chunk one transaction, the answers in row order. A chunk commits whole or not
 * at all, and every row's answer is kept under its row key, so a list re-posted after a crash answers
 * the committed rows from their keys and captures the rest.
 */
@Injectable()
export class ImportListHandler {
  constructor(
    private readonly captures: CaptureLeadHandler,
    @Inject(LEAD_INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  /** Imports up to `maxRows` data rows; one more fails the run with UploadTooLargeError (the rows before it stand). */
  async run(
    csv: Readable,
    list: Listed,
    onRow: (outcome: RowOutcome) => Promise<void>,
    maxRows = Number.POSITIVE_INFINITY,
  ): Promise<ImportSummary> {
    const { vendorId, listId } = list;
    const counts = { rows: 0, accepted: 0, duplicate: 0, invalid: 0, replayed: 0 };
    const parser = csv.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES }),
    );
    csv.on('error', (error) => parser.destroy(error));
    let chunk: Parsed[] = [];
    const flush = async () => {
      const rows = chunk;
      chunk = [];
      for (const outcome of await this.captureChunk(rows)) {
        if (outcome.outcome === 'invalid') counts.invalid++;
        else {
          counts[outcome.outcome]++;
          if (outcome.replayed) counts.replayed++;
        }
        await onRow(outcome);
      }
    };
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        if (counts.rows >= maxRows) throw new UploadTooLargeError(uploadRowsProblem(maxRows));
        const row = ++counts.rows;
        chunk.push(await this.parseRow(record, row, list));
        if (chunk.length >= IMPORT_CHUNK_ROWS) await flush();
      }
    } finally {
      // The rows read before a failure stand, as when each was captured on its own.
      await flush();
    }
    return { type: 'summary', vendorId, listId, ...counts };
  }

  /** The chunk's captures in one transaction, the answers in row order. */
  private async captureChunk(rows: readonly Parsed[]): Promise<RowOutcome[]> {
    const requests = rows.flatMap((r) => ('request' in r ? [r.request] : []));
    const captured = requests.length > 0 ? await this.captures.captureAll(requests) : [];
    let next = 0;
    return rows.map((r): RowOutcome => {
      if ('refused' in r) return r.refused;
      const result = captured[next++];
      return {
        type: 'row',
        row: r.row,
        outcome: result.status === 'captured' ? 'accepted' : 'duplicate',
        leadId: result.leadId,
        replayed: result.replayed,
      };
    });
  }

  /** A row from a source the caller's intake key is not limited to is invalid, like any refused row. */
  private async parseRow(record: Record<string, string>, row: number, { vendorId, listId, sources }: Listed): Promise<Parsed> {
    const invalid = (errors: FieldError[]): Parsed => ({
      row,
      refused: { type: 'row', row, outcome: 'invalid', reason: describeErrors(errors).join('; '), errors },
    });
    // The platform's edge never sees the cells of a streamed CSV: the same text rules, per row.
    const unsafe = findUnsafeInput(record, 'row');
    if (unsafe) return invalid([{ field: unsafe.field, messages: [unsafe.reason] }]);
    const validation = await validateCapture(csvRowToBody(record, vendorId, listId));
    if (!validation.ok) return invalid(validation.errors);
    if (sources && !sources.includes(validation.dto.source)) {
      return invalid([{ field: 'source', messages: [sourceRefusal(sources, validation.dto.source)] }]);
    }
    const key = `list:${rowKey(vendorId, listId, row, record)}`;
    const input = toLeadCapture(validation.dto, deriveEventId('lead-intake/capture', key), this.clock.now().toISOString());
    if (!input.ok) return invalid(input.errors);
    return { row, request: { capture: input.capture, idempotency: { key, requestHash: key } } };
  }
}
