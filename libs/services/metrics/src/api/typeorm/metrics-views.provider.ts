import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { PLATFORM_CONFIG, type PlatformConfig } from '@leadline/platform';
import { metricsDataSource } from './metrics-data-source';
import { METRICS_VIEW_ENTITIES } from './metrics-views.entities';

/** The read-only TypeORM DataSource over `metrics.*`, opened with the module and closed before the database. */
@Injectable()
export class MetricsViews implements OnModuleInit, BeforeApplicationShutdown {
  readonly dataSource: DataSource;

  constructor(@Inject(SQL_DATABASE) db: SqlDatabase, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.dataSource = metricsDataSource(db, config.databaseUrl, METRICS_VIEW_ENTITIES);
  }

  async onModuleInit(): Promise<void> {
    await this.dataSource.initialize();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  repository<Entity extends ObjectLiteral>(entity: EntityTarget<Entity>): Repository<Entity> {
    return this.dataSource.getRepository(entity);
  }
}
