import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Clock } from '@leadline/domain';
import { deriveEventId } from '@leadline/event-store';
import { findUnsafeInput, UploadTooLargeError, uploadRowsProblem } from '@leadline/platform';
import { CaptureLeadHandler } from '../capture/capture-lead.handler';
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

/** A vendor's list, row by row as it streams in: each row validated, normalised and captured on its own. */
@Injectable()
export class ImportListHandler {
  constructor(
    private readonly captures: CaptureLeadHandler,
    @Inject(LEAD_INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  /** Imports up to `maxRows` data rows; one more fails the run with UploadTooLargeError (the rows before it stand). */
  async run(
    csv: Readable,
    list: { readonly vendorId: string; readonly listId: string; readonly sources?: readonly string[] | null },
    onRow: (outcome: RowOutcome) => Promise<void>,
    maxRows = Number.POSITIVE_INFINITY,
  ): Promise<ImportSummary> {
    const { vendorId, listId } = list;
    const counts = { rows: 0, accepted: 0, duplicate: 0, invalid: 0, replayed: 0 };
    const parser = csv.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES }),
    );
    csv.on('error', (error) => parser.destroy(error));
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (counts.rows >= maxRows) throw new UploadTooLargeError(uploadRowsProblem(maxRows));
      const row = ++counts.rows;
      const outcome = await this.importRow(record, row, list);
      if (outcome.outcome === 'invalid') counts.invalid++;
      else {
        counts[outcome.outcome]++;
        if (outcome.replayed) counts.replayed++;
      }
      await onRow(outcome);
    }
    return { type: 'summary', vendorId, listId, ...counts };
  }

  /** A row from a source the caller's intake key is not limited to is invalid, like any refused row. */
  private async importRow(
    record: Record<string, string>,
    row: number,
    { vendorId, listId, sources }: { vendorId: string; listId: string; sources?: readonly string[] | null },
  ): Promise<RowOutcome> {
    const invalid = (errors: FieldError[]): RowOutcome => ({
      type: 'row',
      row,
      outcome: 'invalid',
      reason: describeErrors(errors).join('; '),
      errors,
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
    const result = await this.captures.capture({ capture: input.capture, idempotency: { key, requestHash: key } });
    return {
      type: 'row',
      row,
      outcome: result.status === 'captured' ? 'accepted' : 'duplicate',
      leadId: result.leadId,
      replayed: result.replayed,
    };
  }
}
