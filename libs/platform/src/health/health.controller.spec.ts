import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpException } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { createPgliteDatabase, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { KafkaTransport } from '@leadline/messaging';
import { CapturedLines } from '@leadline/testing';
import { loadConfig } from '../config';
import { Drain } from '../lifecycle/drain';
import { createPlatformLogger } from '../logging/platform-logger';
import { requestLogging } from '../logging/request-logging';
import { HealthController } from './health.controller';
import { KafkaProbe } from './kafka.probe';
import { KafkaTopicsReport } from './kafka-topics.report';
import { ReadinessService } from './readiness.service';

describe('GET /ready: how its 503 is logged', () => {
  const out = new CapturedLines();
  const logging = requestLogging(createPlatformLogger({ service: 'enrichment', level: 'debug', destination: out }));
  let db: SqlDatabase;
  let kafka: KafkaTransport;
  let server: Server;
  let url: string;
  const drain = new Drain();

  beforeAll(async () => {
    db = await createPgliteDatabase();
    // A process whose reactions run on Kafka: not ready until its consumers start (no broker is reached without subscriptions).
    kafka = new KafkaTransport({
      kafka: new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING }),
      db,
      store: undefined as unknown as EventStore,
    });
    const config = loadConfig({});
    const readiness = new ReadinessService(db, new KafkaProbe(config), kafka, [], drain, new KafkaTopicsReport(config));
    const controller = new HealthController(readiness);
    // The controller behind the platform's request logging, its exception answered as Nest answers an HttpException.
    server = createServer((req, res) =>
      logging(req, res, () => {
        controller.ready().then(
          (body) => res.end(JSON.stringify(body)),
          (error: HttpException) => {
            res.statusCode = error.getStatus();
            res.end(JSON.stringify(error.getResponse()));
          },
        );
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close().catch(() => undefined);
  });

  /** GET /ready's status and its outcome line's level. */
  const probe = async (): Promise<[number, unknown]> => {
    const before = out.raw.length;
    const { status } = await fetch(url);
    for (let tries = 0; out.raw.length === before && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = out.lines.slice(before).find((l) => l['msg'] === `GET /ready ${status}`);
    return [status, line?.['level']];
  };

  it('at warn while the process starts, at debug once ready, at error when it loses a dependency, at warn once told to stop', async () => {
    expect(await probe()).toEqual([503, 'warn']);
    expect(await probe()).toEqual([503, 'warn']);
    await kafka.start();
    expect(await probe()).toEqual([200, 'debug']);
    // A dependency lost after the start: the same 503, now an error.
    await db.close();
    expect(await probe()).toEqual([503, 'error']);
    // A SIGTERM: the 503 the orchestrator asked for, every probe of the drain, is no error.
    drain.announce();
    expect(await probe()).toEqual([503, 'warn']);
  });
});
