import { Client, Pool, type PoolClient } from 'pg';
import type { SqlDatabase, SqlExecutor, SqlSession } from '../sql.port';

export interface PgDatabaseOptions {
  /** Pool size for queries and transactions (sessions and LISTEN use their own connections). */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

function executor(client: Pool | PoolClient | Client): SqlExecutor {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
  };
}

/** PostgreSQL server through `pg`: a pool for work, dedicated clients for sessions and LISTEN. */
export async function createPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<SqlDatabase> {
  const clientConfig = { connectionString: url, application_name: options.applicationName ?? 'leadline' };
  const pool = new Pool({ ...clientConfig, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const listeners = new PgListener(clientConfig);

  return {
    driver: 'pg',
    query: executor(pool).query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await fn(executor(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async session(): Promise<SqlSession> {
      const client = new Client(clientConfig);
      client.on('error', () => undefined);
      await client.connect();
      return { ...executor(client), release: () => client.end().catch(() => undefined) };
    },
    listen: (channel, onNotify) => listeners.listen(channel, onNotify),
    async close() {
      await listeners.close();
      await pool.end();
    },
  };
}

type Handler = (payload: string) => void;

/** One LISTEN connection per database handle, reconnected on failure (callbacks fire on reconnect so readers catch up). */
class PgListener {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly handlers = new Map<string, Set<Handler>>();
  private closed = false;

  constructor(private readonly config: { connectionString: string; application_name: string }) {}

  async listen(channel: string, handler: Handler): Promise<() => Promise<void>> {
    const client = await this.connect();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await client.query(`listen ${quoteIdent(channel)}`);
    }
    set.add(handler);
    return async () => {
      set?.delete(handler);
    };
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client(this.config);
      client.on('notification', (msg) => this.handlers.get(msg.channel)?.forEach((h) => h(msg.payload ?? '')));
      client.on('error', () => this.reconnectLater(client));
      client.on('end', () => this.reconnectLater(client));
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
      this.client = client;
      this.connecting = undefined;
      return client;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private reconnectLater(client: Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    const retry = (): void => {
      if (this.closed) return;
      this.connect()
        .then(() => this.handlers.forEach((set) => set.forEach((h) => h(''))))
        .catch(() => setTimeout(retry, 1000).unref());
    };
    setTimeout(retry, 250).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
