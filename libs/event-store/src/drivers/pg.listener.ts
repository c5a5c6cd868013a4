import { Client, type ClientConfig } from 'pg';

type Handler = (payload: string) => void;

const RETRY_MS = 1_000;

/**
 * One LISTEN connection per database handle. When it is lost it reconnects (every second until
 * the server answers), listens again, and calls every handler with an empty payload so readers
 * catch up on what they missed meanwhile; polling covers the gap.
 */
export class PgListener {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly handlers = new Map<string, Set<Handler>>();
  private closed = false;

  constructor(private readonly config: ClientConfig) {}

  /** Registers the handler even while the server is away: it starts hearing notifications once reconnected. */
  async listen(channel: string, handler: Handler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    const unlisten = async () => void set.delete(handler);
    try {
      const client = await this.connect();
      if (fresh) await client.query(`listen ${quoteIdent(channel)}`);
    } catch {
      this.reconnectLater(this.client);
    }
    return unlisten;
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client(this.config);
      client.on('notification', (msg) => this.handlers.get(msg.channel)?.forEach((h) => h(msg.payload ?? '')));
      client.on('error', () => this.reconnectLater(client));
      client.on('end', () => this.reconnectLater(client));
      try {
        await client.connect();
        for (const channel of this.handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private reconnectLater(client: Client | undefined): void {
    if (this.client !== client || this.closed || this.retry) return;
    this.client = undefined;
    client?.end().catch(() => undefined);
    const attempt = (): void => {
      this.retry = undefined;
      if (this.closed) return;
      this.connect().then(
        () => this.handlers.forEach((set) => set.forEach((h) => h(''))),
        () => (this.retry = setTimeout(attempt, RETRY_MS).unref()),
      );
    };
    this.retry = setTimeout(attempt, 250).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
