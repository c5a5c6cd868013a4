import { Controller, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { SPEND_CURRENCY } from '@leadline/domain';
import { ImportSpendHandler, type SpendImportSummary, type SpendRowOutcome } from './import-spend.handler';
import { SpendHeaderError } from './spend-csv.mapper';
import {
  ApiRoute,
  byteLimit,
  importLineSchema,
  failRawRequest,
  NdjsonWriter,
  PLATFORM_CONFIG,
  refuseDeclaredOversize,
  UploadTooLargeError,
  type PlatformConfig,
  Roles,
} from '@leadline/platform';

type Line = SpendRowOutcome | SpendImportSummary | { type: 'error'; status: number; message: string };

/** One NDJSON line of the answer. */
const SPEND_IMPORT_LINE_SCHEMA = importLineSchema({
  outcomes: ['recorded', 'unchanged', 'invalid', 'conflict'],
  row: {
    spendId: { type: 'string', description: 'row recorded or unchanged: the entry' },
    reason: { type: 'string', description: 'row invalid or conflict: why' },
  },
  counts: ['recorded', 'unchanged', 'invalid', 'conflict'],
});

@ApiTags('metrics: spend')
@Controller('metrics/spend')
export class ImportSpendController {
  private readonly logger = new Logger(ImportSpendController.name);

  constructor(
    private readonly handler: ImportSpendHandler,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post('import')
  @Roles('sales-ops')
  @ApiRoute({
    ok: SPEND_IMPORT_LINE_SCHEMA,
    okDescription: 'NDJSON: `{type:"row", row, outcome, spendId|reason}` per row, then `{type:"summary", ...counts}`.',
    example: { type: 'row', row: 1, outcome: 'recorded', spendId: 'spend-2026-11-paid-search' },
    errors: [
      [400, 'Not CSV or multipart, no file, a bad default currency, or a header with unknown or missing columns.'],
      [
        413,
        'The upload is over UPLOAD_MAX_BYTES. Once rows were answered, a file over UPLOAD_MAX_BYTES or UPLOAD_MAX_ROWS ' +
          'ends with an NDJSON line `{type:"error", status:413, message}` instead of the summary.',
      ],
    ],
    summary: 'Import spend from a CSV (streamed): one NDJSON line per row (recorded, unchanged, invalid or conflict), then a summary',
    description:
      'Body: `text/csv`, or `multipart/form-data` with a `file` part (an optional `currency` field before it). Columns: ' +
      'period (YYYY-MM), channel, amount, currency (or the default currency), and optionally spend_id, source, vendor_id, ' +
      'campaign_id. Rows without a spend_id get one from their values and their rank among identical rows, so ' +
      're-importing the same file records nothing new (every row answers `unchanged`).',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiProduces('application/x-ndjson')
  @ApiQuery({ name: 'currency', required: false, description: 'Currency of rows without one (ISO 4217)', example: 'EUR' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { currency: { type: 'string', example: 'EUR' }, file: { type: 'string', format: 'binary' } },
    },
  })
  import(@Req() req: IncomingMessage, @Res() res: ServerResponse, @Query('currency') currency?: string): void {
    const { uploadMaxBytes } = this.config.http;
    if (refuseDeclaredOversize(req, res, uploadMaxBytes)) return;
    if ((req.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv')) {
      const defaultCurrency = this.currency(res, currency);
      if (defaultCurrency !== null) void this.stream(req, defaultCurrency, res);
      else req.resume();
      return;
    }
    let parser: busboy.Busboy;
    try {
      // One byte over the limit reaches byteLimit, which fails the import (busboy would only truncate the file).
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fileSize: uploadMaxBytes + 1 } });
    } catch {
      return failRawRequest(res, 400, 'expected a text/csv body or multipart/form-data with a CSV file');
    }
    const fields: Record<string, string> = {};
    let work: Promise<void> | undefined;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, file) => {
      if (work) return void file.resume();
      const defaultCurrency = this.currency(res, fields.currency ?? currency);
      if (defaultCurrency === null) return void file.resume();
      work = this.stream(file, defaultCurrency, res);
    });
    parser.on('close', () => {
      if (!work) failRawRequest(res, 400, 'a CSV file part is required');
    });
    parser.on('error', (error: Error) => {
      this.logger.warn(`Spend upload failed: ${error.message}`);
      failRawRequest(res, 400, `could not read the upload: ${error.message}`);
    });
    req.pipe(parser);
  }

  /** The default currency, undefined when none is given, null after answering 400. */
  private currency(res: ServerResponse, value: string | undefined): string | undefined | null {
    if (value === undefined || value === '') return undefined;
    if (SPEND_CURRENCY.test(value)) return value;
    failRawRequest(res, 400, `currency must be an ISO 4217 code like EUR (got ${JSON.stringify(value)})`);
    return null;
  }

  private async stream(file: Readable, defaultCurrency: string | undefined, res: ServerResponse): Promise<void> {
    const out = new NdjsonWriter<Line>(res);
    const { uploadMaxBytes, uploadMaxRows } = this.config.http;
    try {
      const csv = file.pipe(byteLimit(uploadMaxBytes));
      const summary = await this.handler.run(csv, defaultCurrency, (row) => out.write(row), uploadMaxRows);
      await out.write(summary);
      res.end();
    } catch (error) {
      const message =
        error instanceof SpendHeaderError
          ? error.message
          : `could not import the spend: ${error instanceof Error ? error.message : String(error)}`;
      const status = error instanceof UploadTooLargeError ? error.status : 400;
      file.unpipe();
      file.resume();
      if (!out.started) return failRawRequest(res, status, message);
      // Rows already answered stand (each is idempotent): the client may resend the file to finish it.
      await out.write({ type: 'error', status, message }).catch(() => undefined);
      res.end();
    }
  }
}
