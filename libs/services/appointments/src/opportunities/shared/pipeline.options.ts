import type { Provider } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { systemClock } from '@leadline/scheduling';
import { loadPipelineConfig } from './pipeline.config';
import { PIPELINE_CLOCK, PIPELINE_CONFIG } from './pipeline.tokens';

export interface PipelineOptions {
  /** Virtual time for tests and simulations; the system clock by default. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function pipelineProviders(options: PipelineOptions): Provider[] {
  return [
    { provide: PIPELINE_CONFIG, useFactory: () => loadPipelineConfig(options.env ?? process.env) },
    { provide: PIPELINE_CLOCK, useValue: options.clock ?? systemClock },
  ];
}
