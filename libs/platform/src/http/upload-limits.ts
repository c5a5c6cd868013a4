import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { failRawRequest } from './ndjson';

/** An upload over UPLOAD_MAX_BYTES or UPLOAD_MAX_ROWS: answered 413, or a 413 error line once rows were answered. */
export class UploadTooLargeError extends Error {
  readonly status = 413;
}

export const uploadBytesProblem = (maxBytes: number): string =>
  `the upload is over the limit of ${maxBytes} bytes (UPLOAD_MAX_BYTES); split it into smaller files`;

export const uploadRowsProblem = (maxRows: number): string =>
  `the file has more than ${maxRows} data rows (UPLOAD_MAX_ROWS); rows after row ${maxRows} were not imported, split the file`;

/**
 * Answers 413 (and reads no further) when the request declares a body over `maxBytes` in its
 * Content-Length; true when it did. Bodies without a length are held to the limit as they stream.
 */
export function refuseDeclaredOversize(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared <= maxBytes) return false;
  failRawRequest(res, 413, uploadBytesProblem(maxBytes));
  req.resume();
  return true;
}

/** A pass-through that fails with UploadTooLargeError as soon as more than `maxBytes` went through it. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) done(new UploadTooLargeError(uploadBytesProblem(maxBytes)));
      else done(null, chunk);
    },
  });
}
