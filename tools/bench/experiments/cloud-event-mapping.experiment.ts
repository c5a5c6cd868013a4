/**
 * Local experiment: the CPU the Kafka relay spends turning one recorded event into a CloudEvents Kafka record
 * (`toKafkaMessage`) and a consumer spends turning it back (`fromKafkaMessage`), per event, in rounds. Run it in two
 * checkouts (before and after a change to the mapper) one after the other, alternated, and compare. See
 * docs/benchmarks.md "Pipeline: capture to assignment over Kafka".
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/cloud-event-mapping.experiment.ts [--events 20000] [--rounds 5]
 */
import type { KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@leadline/event-store';
import { fromKafkaMessage, toKafkaMessage } from '@leadline/messaging';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const EVENTS = Number(arg('events', '20000'));
const ROUNDS = Number(arg('rounds', '5'));

// A LeadScored as the line records it: lead, correlation, causation, trace context, one metadata key more.
const event: RecordedEvent = {
  id: '0193a5f2-7c2e-7b3a-9a1e-1234567890ab',
  type: 'LeadScored',
  data: {
    leadId: '0193a5f2-7c2e-7b3a-9a1e-1234567890ac',
    score: 87,
    grade: 'A',
    reasons: ['icp-industry', 'seniority'],
    modelVersion: 'icp-1',
  },
  streamId: 'score-0193a5f2-7c2e-7b3a-9a1e-1234567890ac',
  streamVersion: 1,
  category: 'score',
  metadata: {
    leadId: '0193a5f2-7c2e-7b3a-9a1e-1234567890ac',
    correlationId: '0193a5f2-7c2e-7b3a-9a1e-1234567890ad',
    causationId: '0193a5f2-7c2e-7b3a-9a1e-1234567890ae',
    schemaVersion: 1,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    actor: 'scoring',
  },
  globalPosition: 123_456n,
  transactionId: 987_654n,
  recordedAt: new Date('2026-12-05T12:00:00.000Z'),
};

const consumed = (): KafkaMessage => {
  const message = toKafkaMessage(event);
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = Buffer.from(String(value));
  return { key: Buffer.from(String(message.key)), value: Buffer.from(String(message.value)), headers } as unknown as KafkaMessage;
};

const microsPerEvent = (work: () => unknown): number => {
  const started = process.cpuUsage();
  for (let i = 0; i < EVENTS; i++) work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / EVENTS;
};

const record = consumed();
// Warm-up: the first calls compile the CloudEvents schema and optimise the mapper.
microsPerEvent(() => toKafkaMessage(event));
microsPerEvent(() => fromKafkaMessage(record));
for (let round = 1; round <= ROUNDS; round++) {
  const out = microsPerEvent(() => toKafkaMessage(event));
  const back = microsPerEvent(() => fromKafkaMessage(record));
  console.log(`round ${round}: toKafkaMessage ${out.toFixed(1)} µs CPU/event, fromKafkaMessage ${back.toFixed(1)} µs CPU/event`);
}
