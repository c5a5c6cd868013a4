import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { ImportListHandler, type ImportSummary, type RowOutcome } from './import-list.handler';
import {
  ApiRoute,
  importLineSchema,
  failRawRequest,
  IntakeBacklogLimit,
  IntakeRateLimit,
  NdjsonWriter,
  allowedSourcesOf,
  Caller,
  PLATFORM_CONFIG,
  type Principal,
  refuseDeclaredOversize,
  UploadTooLargeError,
  type PlatformConfig,
  Roles,
  spoolUpload,
  type SpooledUpload,
} from '@leadline/platform';

const TAG = /^[\x21-\x7e]{1,100}$/;

/** One NDJSON line of the answer. */
const IMPORT_LINE_SCHEMA = importLineSchema({
  outcomes: ['accepted', 'duplicate', 'invalid'],
  row: {
    leadId: { type: 'string', description: 'row accepted or duplicate: the lead' },
    replayed: {
      oneOf: [{ type: 'boolean' }, { type: 'integer' }],
      description: 'row: true when answered from an earlier run of the same import (nothing written); summary: how many rows were',
    },
    reason: { type: 'string', description: 'row invalid: why' },
    errors: { type: 'array', items: { type: 'object' }, description: 'row invalid: `{ field, messages }` per field' },
    vendorId: { type: 'string', description: 'summary' },
    listId: { type: 'string', description: 'summary' },
  },
  counts: ['accepted', 'duplicate', 'invalid'],
});

type Line = RowOutcome | ImportSummary | { type: 'error'; status: number; message: string };

@ApiTags('lists')
@Controller('lists')
export class ImportListController {
  private readonly logger = new Logger(ImportListController.name);

  constructor(
    private readonly handler: ImportListHandler,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post()
  @Roles('intake', 'sales-ops')
  @IntakeRateLimit()
  @IntakeBacklogLimit()
  @ApiRoute({
    ok: IMPORT_LINE_SCHEMA,
    okDescription: 'NDJSON: `{type:"row", row, outcome, leadId|reason}` per row, then `{type:"summary", ...counts}`.',
    example: { type: 'row', row: 1, outcome: 'accepted', leadId: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', replayed: false },
    errors: [
      [400, 'Not multipart, vendorId/listId missing or not before the file, or no file.'],
      [
        413,
        'The upload is over UPLOAD_MAX_BYTES (default 32 MiB; nothing is imported). A file over UPLOAD_MAX_ROWS ' +
          '(default 100,000) ends with an NDJSON line `{type:"error", status:413, message}` instead of the summary.',
      ],
    ],
    summary: 'Import a vendor list (CSV, streamed): one NDJSON line per row (accepted, duplicate, invalid with reason), then a summary',
    description:
      'Form fields `vendorId` and `listId` must come before the `file` part. The file is received whole before its ' +
      'rows are imported, so the answer may stream for as long as the import takes. Rows are idempotent: re-sending the same ' +
      'list (same vendor, list, row number and content) writes nothing new and answers each row with replayed: true.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiProduces('application/x-ndjson')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['vendorId', 'listId', 'file'],
      properties: {
        vendorId: { type: 'string', example: 'vendor-datacorp' },
        listId: { type: 'string', example: 'list-2026-12' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  import(@Req() req: IncomingMessage, @Res() res: ServerResponse, @Caller() caller: Principal): void {
    const { uploadMaxBytes } = this.config.http;
    if (refuseDeclaredOversize(req, res, uploadMaxBytes)) return;
    let parser: busboy.Busboy;
    try {
      // One byte over the limit reaches byteLimit, which fails the import (busboy would only truncate the file).
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fileSize: uploadMaxBytes + 1 } });
    } catch {
      return failRawRequest(res, 400, 'expected a multipart/form-data body with vendorId, listId and a CSV file');
    }
    const fields: Record<string, string> = {};
    let work: Promise<void> | undefined;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, file) => {
      if (work) return void file.resume();
      const vendorId = fields.vendorId ?? '';
      const listId = fields.listId ?? '';
      if (!TAG.test(vendorId) || !TAG.test(listId)) {
        file.resume();
        return failRawRequest(res, 400, 'vendorId and listId (1 to 100 printable characters) must come before the file');
      }
      work = this.stream(file, { vendorId, listId, sources: allowedSourcesOf(caller) }, res);
    });
    parser.on('close', () => {
      if (!work) return failRawRequest(res, 400, 'a CSV file part is required');
    });
    parser.on('error', (error: Error) => {
      this.logger.warn(`List upload failed: ${error.message}`);
      failRawRequest(res, 400, `could not read the upload: ${error.message}`);
    });
    req.pipe(parser);
  }

  /**
   * The upload is received whole (spooled to a temporary file at network speed) before its rows are imported: the
   * request is then complete, so Node's `requestTimeout` (300 s) no longer ends it however long the import takes,
   * and the answer streams a line per row as the rows are imported. A file over UPLOAD_MAX_BYTES is refused (413)
   * before any row is written.
   */
  private async stream(
    file: Readable,
    list: { vendorId: string; listId: string; sources: readonly string[] | null },
    res: ServerResponse,
  ): Promise<void> {
    const out = new NdjsonWriter<Line>(res);
    const { uploadMaxBytes, uploadMaxRows } = this.config.http;
    let spool: SpooledUpload | undefined;
    try {
      spool = await spoolUpload(file, uploadMaxBytes);
      // A chunk's answers leave in one socket write: corked once, at its first line, until the chunk's lines are
      // written (the next tick).
      const answer = (row: Line) => {
        if (res.writableCorked === 0) {
          res.cork();
          process.nextTick(() => res.uncork());
        }
        return out.write(row);
      };
      const summary = await this.handler.run(spool.read(), list, answer, uploadMaxRows);
      await out.write(summary);
      res.end();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const status = error instanceof UploadTooLargeError ? error.status : 400;
      if (!spool) {
        file.unpipe();
        file.resume();
      }
      if (!out.started) return failRawRequest(res, status, `could not import the list: ${message}`);
      // Rows already answered stand (each is idempotent): the client may resend the list to finish it.
      await out.write({ type: 'error', status, message }).catch(() => undefined);
      res.end();
    } finally {
      await spool?.remove();
    }
  }
}
