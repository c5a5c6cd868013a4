import type { Provider } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { systemClock } from '@leadline/scheduling';
import type { Environment } from '../config';

/** What every service's `forRoot` takes: tests and simulations pass a virtual clock and settings. */
export interface ServiceOptions {
  /** Virtual time; the system clock by default. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Environment;
}

/**
 * The clock and the validated settings a service module binds under its own tokens; the settings
 * are read through its EnvReader loader when the module starts, so a bad one stops the start naming it.
 */
export function serviceSettings<Config>(
  options: ServiceOptions,
  tokens: { readonly clock: symbol; readonly config?: symbol },
  load?: (env: Environment) => Config,
): Provider[] {
  const clock: Provider = { provide: tokens.clock, useValue: options.clock ?? systemClock };
  if (!tokens.config || !load) return [clock];
  return [clock, { provide: tokens.config, useFactory: (): Config => load(options.env ?? process.env) }];
}
