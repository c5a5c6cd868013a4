import { parse, protocol, type PGlite } from '@electric-sql/pglite';

/** What a statement answered, as PGlite's `query` answers it. */
export interface PreparedResult<Row> {
  readonly rows: Row[];
  readonly affectedRows?: number;
}

interface Named {
  readonly name: string;
  /** The parameters' type OIDs, from the statement's description: how each value is serialised. */
  readonly types: readonly number[];
}

/** SQLSTATE feature_not_supported: "cached plan must not change result type" (a table's columns changed under it). */
const CACHED_PLAN_CHANGED = '0A000';

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/**
 * Named prepared statements on PGlite's one connection. PGlite's `query` sends an unnamed Parse, a Describe, a
 * Bind, a Describe, an Execute and a Sync, each a separate call into its WebAssembly backend: every statement is
 * parsed, analysed and planned anew, then run. A statement text met a second time is prepared once under a name
 * (Parse and Describe, its parameter types kept), and from then on runs as one call: Bind, Describe, Execute, Sync.
 * PostgreSQL re-analyses a prepared statement itself when a table it uses changes or `search_path` does, and keeps
 * choosing custom or generic plans as it does for any prepared statement. At most `max` texts are named (the
 * store's, the checkpoints' and the services' fixed texts; a text built per call, with a varying number of
 * placeholders, is the rest) and the others run as before, through `query`.
 */
export class PreparedStatements {
  private readonly named = new Map<string, Named>();
  /** Texts met once: named when met again. Forgotten in bulk past `max * 8` entries. */
  private readonly seen = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly db: PGlite,
    private readonly max = 200,
  ) {}

  /** Whether `text` runs as a named statement (already named, or met before and there is room). */
  wants(text: string): boolean {
    if (this.named.has(text)) return true;
    if (this.named.size >= this.max) return false;
    if (this.seen.has(text)) return true;
    if (this.seen.size >= this.max * 8) this.seen.clear();
    this.seen.add(text);
    return false;
  }

  /**
   * Runs `text` as a named statement. `autocommit`: outside a transaction, so it takes PGlite's transaction turn as
   * its `query` does and syncs the files after; inside one, the transaction holds that turn already.
   */
  async run<Row>(text: string, params: readonly unknown[] | undefined, autocommit: boolean): Promise<PreparedResult<Row>> {
    const db = this.db;
    await db._checkReady();
    const once = () => db._runExclusiveQuery(() => this.execute<Row>(text, params ?? [], autocommit));
    if (!autocommit) return once();
    return db._runExclusiveTransaction(async () => {
      try {
        return await once();
      } catch (error) {
        // A table under a named statement changed its columns: the statement was named anew; nothing ran.
        if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error;
        return once();
      }
    });
  }

  private async execute<Row>(text: string, params: readonly unknown[], autocommit: boolean): Promise<PreparedResult<Row>> {
    const db = this.db;
    const statement = this.named.get(text) ?? (await this.prepare(text));
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = db.serializers[statement.types[i]];
      return serialize ? serialize(value) : String(value);
    });
    const message = concat([
      protocol.serialize.bind({ statement: statement.name, values }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    let messages;
    try {
      messages = await db.execProtocolStream(message, { syncToFs: autocommit });
    } catch (error) {
      // Named anew on its next run; the old name stays unused in the session.
      if ((error as { code?: string }).code === CACHED_PLAN_CHANGED) this.named.delete(text);
      throw withQuery(error, text, params);
    }
    const [result] = parse.parseResults(messages, db.parsers);
    return { rows: (result?.rows ?? []) as Row[], affectedRows: result?.affectedRows };
  }

  private async prepare(text: string): Promise<Named> {
    const name = `ll_${++this.sequence}`;
    const message = concat([
      protocol.serialize.parse({ name, text }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    ]);
    let messages;
    try {
      messages = await this.db.execProtocolStream(message, { syncToFs: false });
    } catch (error) {
      throw withQuery(error, text, undefined);
    }
    const named = { name, types: parse.parseDescribeStatementResults(messages) };
    this.named.set(text, named);
    this.seen.delete(text);
    return named;
  }
}

/** As PGlite's `query` marks its errors: the statement and its parameters on the error. */
function withQuery(error: unknown, query: string, params: readonly unknown[] | undefined): unknown {
  if (error && typeof error === 'object') Object.assign(error, { query, params });
  return error;
}
