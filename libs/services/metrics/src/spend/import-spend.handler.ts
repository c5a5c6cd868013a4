import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { parse } from 'csv-parse';
import { MetricsError } from '@leadline/domain';
import { findUnsafeInput, logSlowValidation, UploadTooLargeError, uploadRowsProblem } from '@leadline/platform';
import { RecordSpendHandler } from './record-spend.handler';
import { csvRowToSpendBody, rowSpendId, spendColumns } from './spend-csv.mapper';
import { RecordSpendDto, spendInputOf } from './spend.dto';

export type SpendRowOutcome =
  | { type: 'row'; row: number; outcome: 'recorded' | 'unchanged'; spendId: string }
  | { type: 'row'; row: number; outcome: 'invalid' | 'conflict'; reason: string; spendId?: string };

export interface SpendImportSummary {
  readonly type: 'summary';
  readonly rows: number;
  readonly recorded: number;
  /** Rows recorded by an earlier import of the same entries: nothing was written for them. */
  readonly unchanged: number;
  readonly invalid: number;
  readonly conflict: number;
}

const MAX_RECORD_BYTES = 16 * 1024;

/** A spend CSV, row by row as it streams in: each row validated and recorded on its own, idempotently. */
@Injectable()
export class ImportSpendHandler {
  constructor(private readonly spend: RecordSpendHandler) {}

  /** Imports up to `maxRows` data rows; one more fails the run with UploadTooLargeError (the rows before it stand). */
  async run(
    csv: Readable,
    defaultCurrency: string | undefined,
    onRow: (outcome: SpendRowOutcome) => Promise<void>,
    maxRows = Number.POSITIVE_INFINITY,
  ): Promise<SpendImportSummary> {
    const counts = { rows: 0, recorded: 0, unchanged: 0, invalid: 0, conflict: 0 };
    const occurrences = new Map<string, number>();
    const parser = csv.pipe(
      parse({
        columns: (header: string[]) => spendColumns(header, defaultCurrency),
        bom: true,
        skip_empty_lines: true,
        trim: true,
        max_record_size: MAX_RECORD_BYTES,
      }),
    );
    csv.on('error', (error) => parser.destroy(error));
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (counts.rows >= maxRows) throw new UploadTooLargeError(uploadRowsProblem(maxRows));
      const row = ++counts.rows;
      const outcome = await this.importRow(record, row, defaultCurrency, occurrences);
      counts[outcome.outcome]++;
      await onRow(outcome);
    }
    return { type: 'summary', ...counts };
  }

  private async importRow(
    record: Record<string, string>,
    row: number,
    defaultCurrency: string | undefined,
    occurrences: Map<string, number>,
  ): Promise<SpendRowOutcome> {
    // The platform's edge never sees the cells of a streamed CSV: the same text rules, per row.
    const unsafe = findUnsafeInput(record, 'row');
    if (unsafe) return { type: 'row', row, outcome: 'invalid', reason: `${unsafe.field} ${unsafe.reason}` };
    const started = performance.now();
    const dto = plainToInstance(RecordSpendDto, csvRowToSpendBody(record, defaultCurrency));
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    logSlowValidation(started, 'spend row');
    if (errors.length > 0) return { type: 'row', row, outcome: 'invalid', reason: describe(errors) };
    const input = spendInputOf(dto);
    let spendId = input.spendId;
    if (spendId === undefined) {
      const content = rowSpendId(input, 0);
      const occurrence = occurrences.get(content) ?? 0;
      occurrences.set(content, occurrence + 1);
      spendId = rowSpendId(input, occurrence);
    }
    try {
      const result = await this.spend.record({ ...input, spendId });
      return { type: 'row', row, outcome: result.outcome, spendId };
    } catch (error) {
      if (!(error instanceof MetricsError)) throw error;
      return { type: 'row', row, outcome: error.code === 'spend-exists' ? 'conflict' : 'invalid', reason: error.message, spendId };
    }
  }
}

function describe(errors: readonly ValidationError[]): string {
  return errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
}
