import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { byteLimit } from './upload-limits';

/** An upload received whole into a temporary file: read it (as often as needed), then remove it. */
export interface SpooledUpload {
  readonly bytes: number;
  read(): Readable;
  remove(): Promise<void>;
}

/**
 * Receives an upload whole into a file in the OS temporary folder (TMPDIR) before it is processed, at network
 * speed and held to `maxBytes` (UploadTooLargeError, nothing kept). Processing a request's body as it arrives
 * keeps the request open for as long as the processing takes, and Node's server ends a request whose body is
 * still arriving after its `requestTimeout` (300 s); a spooled request is complete once the file is written,
 * so only the upload itself is held to that timeout (the slow-body protection stays) and the answer may stream
 * for as long as the work takes.
 */
export async function spoolUpload(upload: Readable, maxBytes: number): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'leadline-upload-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload');
  let bytes = 0;
  try {
    await pipeline(
      upload,
      byteLimit(maxBytes),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { bytes, read: () => createReadStream(path), remove };
}
