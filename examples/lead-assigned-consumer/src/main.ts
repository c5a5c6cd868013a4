/**
 * node -r ./tools/register.cjs examples/lead-assigned-consumer/src/main.ts
 *
 * LEADLINE_URL (default http://localhost:3000): a running Leadline, for GET /asyncapi.json and the schemas.
 * KAFKA_BROKERS (default localhost:9092), GROUP_ID (default lead-assigned-example).
 * Prints one line per assignment and per rejected record; stops on SIGINT/SIGTERM.
 */
import { Kafka, logLevel } from 'kafkajs';
import { LeadAssignedConsumer, leadAssignedContract, schemasFromPlatform } from './lead-assigned-consumer';

async function main(): Promise<void> {
  const leadline = process.env.LEADLINE_URL ?? 'http://localhost:3000';
  const response = await fetch(`${leadline}/asyncapi.json`);
  if (!response.ok) throw new Error(`GET ${leadline}/asyncapi.json: ${response.status}`);
  const contract = leadAssignedContract((await response.json()) as Record<string, unknown>);
  const kafka = new Kafka({
    clientId: 'lead-assigned-example',
    brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
    logLevel: logLevel.ERROR,
  });
  const consumer = new LeadAssignedConsumer({
    kafka,
    groupId: process.env.GROUP_ID ?? 'lead-assigned-example',
    contract,
    schemas: schemasFromPlatform(leadline),
    onAssignment: (a) => console.log(`${a.assignedAt} lead ${a.leadId} → ${a.sdrId} (${a.team}), first touch due ${a.slaDueAt ?? '—'}`),
    onRejected: (r) => console.error(`rejected ${r.eventId ?? '(no id)'}: ${r.why}`),
  });
  await consumer.start();
  console.log(`consuming ${contract.ceType} from ${contract.topic}`);
  const stop = () => void consumer.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
