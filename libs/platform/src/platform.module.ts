import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ActorInterceptor } from './auth/actor.interceptor';
import { ApiKeysController } from './auth/api-keys.controller';
import { ApiKeys } from './auth/api-keys.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthLifecycle } from './auth/auth.lifecycle';
import { Authenticator } from './auth/authenticator';
import { RouteDeclarations } from './auth/route-declarations';
import { loadConfig, type PlatformConfig } from './config';
import { ContractsController } from './contracts/contracts.controller';
import { HealthController } from './health/health.controller';
import { IdempotencyStore } from './http/idempotency/idempotency.store';
import { intakeThrottlerModule } from './http/rate-limit/intake-rate-limit';
import { KafkaProbe } from './health/kafka.probe';
import { ReadinessService } from './health/readiness.service';
import { infrastructureProviders } from './infrastructure.providers';
import { Drain } from './lifecycle/drain';
import { AdmissionGate } from './http/admission/admission-gate';
import { IntakeBacklog, IntakeBacklogGuard } from './http/admission/intake-backlog';
import { PlatformLifecycle } from './lifecycle/platform.lifecycle';
import { EventLogServer } from './reactions/event-log.server';
import { TimerRunner } from './timers/timer-runner';
import { HttpMetrics } from './monitoring/http-metrics';
import { LagMetrics } from './monitoring/lag-metrics';
import { LagReport } from './monitoring/lag-report';
import { LeadFlowMetrics } from './monitoring/lead-flow-metrics';
import { OperationsMetrics } from './monitoring/operations-metrics';
import { StatusController } from './monitoring/status.controller';
import { PlatformMetrics } from './monitoring/platform-metrics';
import { EVENT_STORE, EVENT_TRANSPORT, PERSONAL_DATA_VAULT, PLATFORM_CONFIG, SERVICE_DESCRIPTORS, SQL_DATABASE } from './platform.tokens';
import type { ServiceDescriptor } from './service-descriptor';

export interface PlatformModuleOptions {
  readonly services: readonly ServiceDescriptor[];
  /** Validated settings; read from the environment when omitted. */
  readonly config?: PlatformConfig;
}

/** The infrastructure every service module gets injected: SQL database, event store, transport, the event log server, timers, idempotency keys. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const config = options.config ?? loadConfig(process.env);
    return {
      module: PlatformModule,
      imports: [intakeThrottlerModule(config.http), DiscoveryModule],
      controllers: [HealthController, ContractsController, ApiKeysController, StatusController],
      providers: [
        ...infrastructureProviders(config, options.services),
        PlatformMetrics,
        HttpMetrics,
        LagReport,
        LagMetrics,
        LeadFlowMetrics,
        OperationsMetrics,
        EventLogServer,
        TimerRunner,
        PlatformLifecycle,
        KafkaProbe,
        ReadinessService,
        IdempotencyStore,
        Drain,
        AdmissionGate,
        IntakeBacklog,
        IntakeBacklogGuard,
        ApiKeys,
        Authenticator,
        AuthLifecycle,
        RouteDeclarations,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ActorInterceptor },
      ],
      exports: [
        PLATFORM_CONFIG,
        SERVICE_DESCRIPTORS,
        SQL_DATABASE,
        EVENT_STORE,
        PERSONAL_DATA_VAULT,
        EVENT_TRANSPORT,
        PlatformMetrics,
        EventLogServer,
        TimerRunner,
        IdempotencyStore,
        ApiKeys,
        // The intake backlog bound, for IntakeBacklogGuard on the services' intake routes.
        IntakeBacklog,
        IntakeBacklogGuard,
        // The intake rate limit's counters, for IntakeRateLimitGuard on the services' routes.
        ThrottlerModule,
      ],
    };
  }
}
