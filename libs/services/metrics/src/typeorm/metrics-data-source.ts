import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { readOnlyDriver, type SqlDatabase } from '@leadline/event-store';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * A read-only TypeORM DataSource over the `metrics` views. On PostgreSQL, a small pool of its own
 * from DATABASE_URL whose sessions are read-only; embedded, the one PGlite the event store runs on,
 * each query in a READ ONLY transaction. Never synchronises or migrates: the engine owns the DDL.
 */
export function metricsDataSource(db: SqlDatabase, databaseUrl: string | undefined, entities: Entities): DataSource {
  const common = {
    type: 'postgres',
    entities,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: false,
  } as const;
  if (db.driver === 'pg') {
    if (!databaseUrl) throw new Error('the metrics DataSource needs DATABASE_URL on PostgreSQL');
    return new DataSource({
      ...common,
      url: databaseUrl,
      poolSize: 3,
      applicationName: 'leadline-metrics-typeorm',
      extra: { options: '-c default_transaction_read_only=on' },
    });
  }
  return new DataSource({ ...common, driver: readOnlyDriver(db), database: 'postgres' });
}
