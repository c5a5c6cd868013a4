import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of PostgreSQL that counts what its clients send (pgWireProxy). */
export interface PgWireProxy {
  /** The database's URL through the proxy. */
  readonly url: string;
  /**
   * The clients' turns: the times a client sends after it last heard from the server (or first). A round trip a client
   * waits for before its next statement is one turn more; statements sent without waiting share one.
   */
  turns(): number;
  /** The SQL of every statement the clients have had executed so far, in the order sent (all connections). */
  statements(): readonly string[];
  close(): Promise<void>;
}

/**
 * Starts a proxy to the PostgreSQL server of `target` that counts its clients' turns and reads the statements they
 * send (simple queries, and the extended protocol's executions with the text their statement was parsed from).
 */
export async function pgWireProxy(target: URL): Promise<PgWireProxy> {
  let turns = 0;
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    let lastFromClient = false;
    const messages = new ClientMessages((text) => statements.push(text));
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (!lastFromClient) turns++;
      lastFromClient = true;
      messages.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      lastFromClient = false;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    turns: () => turns,
    statements: () => [...statements],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Protocol codes of the untyped messages a connection may send before its startup message. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * One connection's frontend messages, as far as statements go: Query ('Q') runs its text; Parse ('P') names a text,
 * Bind ('B') picks a parsed statement and Execute ('E') runs it.
 */
class ClientMessages {
  private buffer = Buffer.alloc(0);
  private started = false;
  private unnamed = '';
  private readonly named = new Map<string, string>();
  private bound = '';

  constructor(private readonly executed: (text: string) => void) {}

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.started) {
        // The startup message (and an SSL or GSS request before it) has a length but no type byte.
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        this.buffer = this.buffer.subarray(length);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.started = true;
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const type = String.fromCharCode(this.buffer[0]);
      const body = this.buffer.subarray(5, 1 + length);
      this.buffer = this.buffer.subarray(1 + length);
      this.read(type, body);
    }
  }

  private read(type: string, body: Buffer): void {
    if (type === 'Q') {
      this.executed(cString(body, 0).text);
    } else if (type === 'P') {
      const name = cString(body, 0);
      const text = cString(body, name.end).text;
      if (name.text) this.named.set(name.text, text);
      else this.unnamed = text;
    } else if (type === 'B') {
      const portal = cString(body, 0);
      const statement = cString(body, portal.end).text;
      this.bound = statement ? (this.named.get(statement) ?? '') : this.unnamed;
    } else if (type === 'E') {
      this.executed(this.bound);
    }
  }
}

/** The NUL-terminated string at `start`, and where what follows it starts. */
function cString(body: Buffer, start: number): { text: string; end: number } {
  const nul = body.indexOf(0, start);
  return { text: body.toString('utf8', start, nul), end: nul + 1 };
}
