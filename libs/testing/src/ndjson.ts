import type { Response } from 'superagent';

type Callback = (error: Error | null, body: unknown) => void;

/** superagent parser for NDJSON answers (`.buffer(true).parse(ndjson)`): the lines as objects. */
export function ndjson(response: Response, callback: Callback): void {
  const res = response as unknown as NodeJS.ReadableStream;
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => {
    try {
      const lines = text.split('\n').filter((line) => line.trim().length > 0);
      callback(
        null,
        lines.map((line) => JSON.parse(line) as unknown),
      );
    } catch (error) {
      callback(error as Error, text);
    }
  });
}
