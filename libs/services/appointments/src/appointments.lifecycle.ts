import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { TimerRunner } from '@leadline/platform';
import type { AppointmentsConfig } from './appointments.config';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG, PIPELINE_CONFIG } from './appointments.tokens';
import type { PipelineConfig } from './opportunities/shared/pipeline.config';

/** Registers the reminder and nurture-year timers. */
@Injectable()
export class AppointmentsLifecycle implements OnModuleInit {
  constructor(
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
    @Inject(PIPELINE_CONFIG) private readonly pipeline: PipelineConfig,
    @Inject(APPOINTMENTS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
  ) {}

  onModuleInit(): void {
    this.timers.register(this.clock, Math.min(this.config.timerPollMs, this.pipeline.timerPollMs));
  }
}
