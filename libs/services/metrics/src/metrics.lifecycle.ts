import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { MetricsRunner } from './engine/metrics-runner';

/**
 * Makes the registry and a live version exist before anything reads `metrics.*` (module init),
 * projects once the application is up, and stops the processors before the database closes.
 */
@Injectable()
export class MetricsLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly runner: MetricsRunner) {}

  async onModuleInit(): Promise<void> {
    await this.runner.prepare();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
