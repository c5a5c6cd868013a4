import { Controller, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { ImportListHandler, type ImportSummary, type RowOutcome } from './import-list.handler';
import { failRawRequest, NdjsonWriter } from '@leadline/platform';

const TAG = /^[\x21-\x7e]{1,100}$/;
const MAX_FILE_BYTES = 512 * 1024 * 1024;

@ApiTags('lists')
@Controller('lists')
export class ImportListController {
  private readonly logger = new Logger(ImportListController.name);

  constructor(private readonly handler: ImportListHandler) {}

  @Post()
  @ApiOperation({
    summary: 'Import a vendor list (CSV, streamed): one NDJSON line per row (accepted, duplicate, invalid with reason), then a summary',
    description:
      'Form fields `vendorId` and `listId` must come before the `file` part. Rows are idempotent: re-sending the same ' +
      'list (same vendor, list, row number and content) writes nothing new and answers each row with replayed: true.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiProduces('application/x-ndjson')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['vendorId', 'listId', 'file'],
      properties: { vendorId: { type: 'string' }, listId: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ description: 'NDJSON: `{type:"row", row, outcome, leadId|reason}` per row, then `{type:"summary", ...counts}`' })
  @ApiBadRequestResponse({ description: 'Not multipart, vendorId/listId missing or not before the file, or no file' })
  import(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fileSize: MAX_FILE_BYTES } });
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
      work = this.stream(file, vendorId, listId, res);
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

  private async stream(file: Readable & { truncated?: boolean }, vendorId: string, listId: string, res: ServerResponse): Promise<void> {
    const out = new NdjsonWriter<RowOutcome | ImportSummary | { type: 'error'; message: string }>(res);
    try {
      const summary = await this.handler.run(file, vendorId, listId, (row) => out.write(row));
      if (file.truncated) throw Object.assign(new Error(`the file is over ${MAX_FILE_BYTES} bytes`), { status: 413 });
      await out.write(summary);
      res.end();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      file.resume();
      if (!out.started) return failRawRequest(res, (error as { status?: number }).status ?? 400, `could not import the list: ${message}`);
      // Rows already answered stand (each is idempotent): the client may resend the list to finish it.
      await out.write({ type: 'error', message }).catch(() => undefined);
      res.end();
    }
  }
}
