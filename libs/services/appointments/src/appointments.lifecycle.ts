import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { TimerRunner } from '@leadline/platform';
import type { AppointmentsConfig } from './appointments.config';
import { migrateAppointments } from './appointments.schema';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG, PIPELINE_CONFIG } from './appointments.tokens';
import type { PipelineConfig } from './opportunities/shared/pipeline.config';

/** Migrates the booking and pipeline tables and registers the reminder and nurture-year timers. */
@Injectable()
export class AppointmentsLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
    @Inject(PIPELINE_CONFIG) private readonly pipeline: PipelineConfig,
    @Inject(APPOINTMENTS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateAppointments(this.db);
    this.timers.register(this.clock, Math.min(this.config.timerPollMs, this.pipeline.timerPollMs));
  }
}
