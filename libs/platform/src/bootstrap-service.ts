import { Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestMicroservice, type MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Authenticator } from './auth/authenticator';
import { API_KEY_SCHEME, BEARER_SCHEME } from './auth/roles.decorator';
import type { Server } from 'node:http';
import type { Logger as PinoLogger } from 'pino';
import { ConfigurationError, loadConfig, type PlatformConfig } from './config';
import { acceptOnCopies } from './http/accept-listeners';
import { applyEdge } from './http/edge';
import { Drain } from './lifecycle/drain';
import { AdmissionGate } from './http/admission/admission-gate';
import { inFrontOfServer, type RawMiddleware } from './http/request-middleware';
import { exitGracefullyOnSignals } from './lifecycle/graceful-shutdown';
import { PlatformLifecycle } from './lifecycle/platform.lifecycle';
import { HttpMetrics } from './monitoring/http-metrics';
import { PlatformMetrics } from './monitoring/platform-metrics';
import { startupBanner } from './lifecycle/startup-banner';
import { createPlatformLogger, defaultLogFormat, PlatformNestLogger, requestLogging, setProcessLogger, silentLogger } from './logging';
import { PlatformModule } from './platform.module';
import { EventLogServer, PropagateReactionErrors } from './reactions/event-log.server';
import { acceptsPerTurnFor, type ServiceDescriptor } from './service-descriptor';

export interface BootstrapOptions {
  /** The app's name: in logs, the docs title and the default Kafka client id. */
  readonly name: string;
  /** The embedded runner lets SERVICES pick among its services; single-service apps do not. */
  readonly serviceSelection?: boolean;
  /** Runs once the app listens (the embedded runner seeds its demo organisation here). */
  readonly afterListen?: (app: INestApplication, config: PlatformConfig) => Promise<void>;
}

export interface LeadlineAppOptions {
  readonly name?: string;
  /** The process's logger (createPlatformLogger) for Nest, requests and kafkajs; unset: Nest logs nothing. */
  readonly logger?: PinoLogger;
}

@Module({})
class LeadlineApplicationModule {}

/**
 * Validates the configuration, then runs the given services' modules in one Nest HTTP application.
 * Start-up order: the modules initialise (database, schemas, timers), the HTTP server listens
 * (health, readiness and the APIs answer from here on), then the event reactions start: processors
 * on the store at once, the Kafka relay and consumers in the background, so a consumer group that
 * is slow to take a member back (a SIGKILLed predecessor's session still open) or a Kafka that is
 * away delays only readiness (ReadinessService), never the port. SIGTERM/SIGINT drain and exit
 * (exitGracefullyOnSignals).
 */
export async function bootstrapService(services: readonly ServiceDescriptor[], options: BootstrapOptions): Promise<void> {
  const config = configOrExit(services, options);
  const selected = config.services ? services.filter((service) => config.services?.includes(service.name)) : services;
  const root = createPlatformLogger({ service: options.name, level: config.logLevel, format: config.logFormat });
  const logger = new PlatformNestLogger(root);
  try {
    const app = await createLeadlineApp(selected, config, { name: options.name, logger: root });
    exitGracefullyOnSignals(app, { graceMs: config.shutdownGraceMs, delayMs: config.shutdownDelayMs }, logger);
    await app.init();
    await app.listen(config.port);
    // Alongside the rest of the start (a child process, ~0.1 s): the reactions' start is not delayed by it.
    const accepting = acceptMoreThanOnePerTurn(app, acceptsPerTurnFor(selected, config.http.acceptsPerTurn));
    await app.get(PlatformMetrics).listen();
    await app.startAllMicroservices();
    await accepting;
    await options.afterListen?.(app, config);
    const url = (await app.getUrl()).replace('[::1]', 'localhost');
    const names = selected.map((service) => service.name);
    new Logger('Bootstrap').log(`Leadline ${options.name} ready: ${modeOf(config)}; services ${names.join(', ')}; listening on ${url}`);
    // A person at a terminal gets the next steps; a log collector gets the ready line only.
    if ((config.logFormat ?? defaultLogFormat()) === 'pretty') process.stdout.write(startupBanner(url, config, names));
  } catch (error) {
    logger.error(`Leadline ${options.name} failed to start`, error instanceof Error ? error.stack : String(error), 'Bootstrap');
    process.exit(1);
  }
}

/**
 * The Nest application for some services, configured as in production (the edge's limits and validation, docs,
 * the event log strategy serving their `@EventPattern` handlers) but not started: `init()`, then
 * `startAllMicroservices()` (the reactions), as `startLeadlineApp` does.
 */
export async function createLeadlineApp(
  services: readonly ServiceDescriptor[],
  config: PlatformConfig,
  options: LeadlineAppOptions = {},
): Promise<INestApplication> {
  if (options.logger) setProcessLogger(options.logger);
  // The edge registers its own body parsers (size and depth limits before parsing).
  const app = await NestFactory.create<NestExpressApplication>(rootModule(config, services), {
    logger: options.logger ? new PlatformNestLogger(options.logger) : false,
    abortOnError: false,
    bodyParser: false,
    // Closing the app ends keep-alive connections too (a graceful shutdown has answered its requests by then).
    forceCloseConnections: true,
  });
  // Before Express: past capacity, a request is answered 503 with Retry-After instead of queueing without bound,
  // at the cost of no routing, body or log line (the gate sums its refusals up); timed from before the gate, so
  // the refusals are counted in the HTTP metrics too (their route is `unmatched`, as Express never saw them).
  const server = app.getHttpServer() as Server;
  keepIdleConnections(server, config.http.keepAliveTimeoutMs);
  app.get(AdmissionGate).attach(server);
  inFrontOfServer(server, app.get(HttpMetrics).middleware as RawMiddleware);
  // First in Express: every response it sends, a refusal at the edge included, carries a request id.
  app.use(requestLogging(options.logger ?? silentLogger()));
  // Then: a draining process refuses requests before their bodies are read.
  app.use(app.get(Drain).middleware);
  applyEdge(app, config.http);
  if (!config.auth.publicDocs) guardDocs(app);
  setUpDocs(app, options.name ?? 'platform', services);
  connectEventReactions(app);
  return app;
}

/**
 * `createLeadlineApp`, initialised, its event reactions running and connected (on Kafka: the relay
 * sending, every consumer in its group): what tests use, not listening. (`bootstrapService` does not
 * wait for Kafka: it listens first.)
 */
export async function startLeadlineApp(
  services: readonly ServiceDescriptor[],
  config: PlatformConfig,
  options: LeadlineAppOptions = {},
): Promise<INestApplication> {
  const app = await createLeadlineApp(services, config, options);
  try {
    await app.init();
    await app.startAllMicroservices();
    await app.get(PlatformLifecycle).relayStarted();
    await app.get(EventLogServer).connected();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * Past capacity, new connections are accepted as fast as they come (up to HTTP_ACCEPTS_PER_TURN per event-loop turn)
 * so the admission gate answers them, instead of waiting in the listen queue (acceptOnCopies).
 */
async function acceptMoreThanOnePerTurn(app: INestApplication, acceptsPerTurn: number): Promise<void> {
  const accepting = await acceptOnCopies(app.getHttpServer() as Server, acceptsPerTurn);
  const log = new Logger('Bootstrap');
  if (accepting.fallback) log.warn(`Accepting one new connection per event-loop turn, not ${acceptsPerTurn}: ${accepting.fallback}`);
  else if (accepting.listeners > 1) log.debug(`Accepting up to ${accepting.listeners} new connections per event-loop turn`);
}

/**
 * A keep-alive connection with no request is closed after `ms` (HTTP_KEEP_ALIVE_TIMEOUT_MS; Node 20 adds a second to
 * what it announces), and the time a request's headers may take stays above it (Node's 60 s, or `ms` + 1 s), so a
 * request that arrives on a connection kept that long is not cut by the headers' timeout.
 */
function keepIdleConnections(server: Server, ms: number): void {
  server.keepAliveTimeout = ms;
  server.headersTimeout = Math.max(server.headersTimeout, ms + 1_000);
}

/** The hybrid application's microservice side: `@EventPattern` handlers served from the event log. */
function connectEventReactions(app: INestApplication): void {
  const reactions = app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(EventLogServer) }, { deferInitialization: true });
  // Deferred so the filter below applies when the handlers register (at startAllMicroservices);
  // the application runs the modules' lifecycle hooks, the microservice must not run them again.
  if (reactions instanceof NestMicroservice) reactions.setIsInitHookCalled(true);
  reactions.useGlobalFilters(new PropagateReactionErrors());
}

/** AUTH_PUBLIC_DOCS=false: the OpenAPI page and document need credentials (any role) too. */
function guardDocs(app: NestExpressApplication): void {
  const authenticator = app.get(Authenticator);
  app.use(
    (
      request: Request & { path: string },
      response: Response & { status(code: number): { json(body: unknown): void } },
      next: (error?: unknown) => void,
    ) => {
      if (!request.path.startsWith('/docs')) return next();
      authenticator.authenticate(request as never).then((principal) => {
        if (principal && principal.roles.length > 0) return next();
        response.status(401).json({ statusCode: 401, message: 'an API key or bearer token is required', error: 'Unauthorized' });
      }, next);
    },
  );
}

function configOrExit(services: readonly ServiceDescriptor[], options: BootstrapOptions): PlatformConfig {
  try {
    return loadConfig(process.env, {
      knownServices: options.serviceSelection ? services.map((service) => service.name) : undefined,
      clientId: `leadline-${options.name}`,
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function rootModule(config: PlatformConfig, services: readonly ServiceDescriptor[]): DynamicModule {
  return {
    module: LeadlineApplicationModule,
    imports: [PlatformModule.forRoot({ services, config }), ...services.map((service) => service.module)],
  };
}

/**
 * The OpenAPI document is built on the first request of /docs or /docs-json (then kept), not at start: the embedded
 * process does not hold it, nor the garbage of building it, until someone reads it (docs/benchmarks.md, "Memory,
 * embedded").
 */
function setUpDocs(app: Parameters<typeof SwaggerModule.createDocument>[0], name: string, services: readonly ServiceDescriptor[]): void {
  const config = new DocumentBuilder()
    .setTitle(`Leadline ${name}`)
    .setDescription(`Services: ${services.map((service) => service.name).join(', ')}`)
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A Leadline API key (ll_…).' }, API_KEY_SCHEME)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'A Leadline API key (ll_…) or an access token (JWT) of the configured OIDC issuer.',
      },
      BEARER_SCHEME,
    )
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}

export function modeOf(config: PlatformConfig): string {
  const store = config.databaseUrl ? 'pg' : `embedded/pglite at ${config.dataDir}`;
  const transport = config.kafka ? `kafka ${config.kafka.brokers.join(',')}` : 'store-log';
  return `store ${store}, transport ${transport}`;
}
