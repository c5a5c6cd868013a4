import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { EVENT_CONTRACTS } from '@leadline/domain';
import { createPgDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { KafkaRelay } from '@leadline/messaging';
import { createTestDatabase, testKafka, uniqueTopicPrefix, waitFor, type TestDatabase } from '@leadline/testing';
import {
  LeadAssignedConsumer,
  leadAssignedContract,
  schemasFromDirectory,
  type LeadAssignment,
  type Rejection,
} from '../src/lead-assigned-consumer';

const ROOT = join(__dirname, '..', '..', '..');
const CONTRACTS = join(ROOT, 'contracts');

/**
 * The example consumer against real topics: Leadline's own Kafka relay publishes LeadAssigned (and
 * other assignment events) from an event store to the broker; the example, which knows only the
 * published AsyncAPI document and schemas, consumes and validates them.
 */
describe('examples/lead-assigned-consumer on the real broker', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;
  let kafka: Kafka;
  let relay: KafkaRelay | undefined;
  let consumer: LeadAssignedConsumer | undefined;
  let producer: Producer | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase('example-lead-assigned');
    db = await createPgDatabase(testDb.url);
    kafka = testKafka('example-lead-assigned');
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await relay?.stop();
    await db?.close();
    await testDb?.drop();
  });

  it('receives every LeadAssigned the relay publishes, validated against its published schema, skips other types and rejects a record that breaks the schema', async () => {
    const store = await PostgresEventStore.create(db);
    const prefix = uniqueTopicPrefix('example');
    relay = new KafkaRelay({
      name: 'routing',
      categories: ['assignment'],
      db,
      store,
      kafka,
      topicPrefix: prefix,
      pollIntervalMs: 50,
      topicSettings: { numPartitions: 3, replicationFactor: 1 },
    });
    await relay.start();

    const published = leadAssignedContract(JSON.parse(readFileSync(join(CONTRACTS, 'asyncapi.json'), 'utf8')));
    expect(published).toEqual({
      topic: 'leadline.assignment',
      ceType: 'io.leadline.lead.assigned.v1',
      dataschema: 'https://schemas.leadline.dev/events/LeadAssigned/v1.schema.json',
    });
    // This deployment's topic prefix is the test's (a platform's served document carries its own).
    const contract = { ...published, topic: `${prefix}assignment` };

    const leads = ['lead-example-1', 'lead-example-2', 'lead-example-3'];
    const example = EVENT_CONTRACTS.LeadAssigned.example;
    for (const [i, leadId] of leads.entries()) {
      await store.appendToStream(`assignment-${leadId}`, [
        { type: 'LeadAssigned', data: { ...example, leadId, sdrId: `sdr-${i}` }, metadata: { leadId } },
        { type: 'SdrNotified', data: { ...EVENT_CONTRACTS.SdrNotified.example, leadId }, metadata: { leadId } },
      ]);
    }
    // A record on the topic that claims to be LeadAssigned v1 but has no SDR.
    producer = kafka.producer();
    await producer.connect();
    const { sdrId: _dropped, ...withoutSdr } = example;
    await producer.send({
      topic: contract.topic,
      messages: [
        {
          key: 'lead-forged',
          value: JSON.stringify({ ...withoutSdr, leadId: 'lead-forged' }),
          headers: {
            'content-type': 'application/json',
            ce_specversion: '1.0',
            ce_id: 'forged-1',
            ce_type: 'io.leadline.lead.assigned.v1',
            ce_source: 'leadline/routing',
            ce_subject: 'lead-forged',
            ce_time: new Date().toISOString(),
            ce_dataschema: contract.dataschema,
          },
        },
      ],
    });

    const assignments: LeadAssignment[] = [];
    const rejections: Rejection[] = [];
    consumer = new LeadAssignedConsumer({
      kafka,
      groupId: `${prefix}example`,
      contract,
      schemas: schemasFromDirectory(CONTRACTS),
      onAssignment: (assignment) => void assignments.push(assignment),
      onRejected: (rejection) => void rejections.push(rejection),
    });
    await consumer.start();

    await waitFor(() => assignments.length >= leads.length && rejections.length >= 1, {
      timeoutMs: 60_000,
      message: () => `3 assignments and 1 rejection (have ${assignments.length} and ${rejections.length})`,
    });
    await relay.waitForIdle();

    expect(assignments.map((a) => [a.leadId, a.sdrId, a.ceType]).sort()).toEqual(
      leads.map((leadId, i) => [leadId, `sdr-${i}`, 'io.leadline.lead.assigned.v1']),
    );
    expect(new Set(assignments.map((a) => a.eventId)).size).toBe(leads.length);
    expect(assignments[0]).toMatchObject({ team: example.team, assignedAt: example.assignedAt, slaDueAt: example.slaDueAt });
    expect(rejections).toEqual([{ eventId: 'forged-1', why: "data must have required property 'sdrId'" }]);
  });
});
