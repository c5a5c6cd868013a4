import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { ProcessorRunner } from '@leadline/platform';
import { VendorConversionsProcessor } from './vendor-conversions.processor';
import { migrateVendors } from './vendors.schema';

@Injectable()
export class VendorsLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly processors: ProcessorRunner,
    private readonly conversions: VendorConversionsProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateVendors(this.db);
    this.processors.register(this.conversions.options());
  }
}
