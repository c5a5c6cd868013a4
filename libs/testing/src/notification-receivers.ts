import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on a free port that keeps every message it accepts. */
export async function startSmtpServer(): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface ReceivedHook {
  readonly validSignature: boolean;
  readonly eventId: string;
  readonly body: { type: string; purpose: string; leadId: string; sdrId: string };
}

/** A real HTTP webhook receiver that checks the HMAC signature; it fails the first `failFirst` calls to exercise retries. */
export async function startWebhookReceiver(
  secret: string,
  failFirst = 0,
): Promise<{ url: string; hooks: ReceivedHook[]; calls: () => number; close(): Promise<void> }> {
  const hooks: ReceivedHook[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls += 1;
      if (calls <= failFirst) {
        res.writeHead(503).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-leadline-signature'] ?? ''));
      const validSignature = given.length === expected.length && timingSafeEqual(given, expected);
      hooks.push({ validSignature, eventId: String(req.headers['x-leadline-event-id']), body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/leadline`,
    hooks,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
