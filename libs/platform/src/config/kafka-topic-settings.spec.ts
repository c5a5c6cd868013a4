import { EnvReader } from './env-reader';
import { parseTopicOverrides, readKafkaTopicsConfig, topicSettingsFor } from './kafka-topic-settings';

describe('Kafka topic settings from the environment', () => {
  it('defaults to 6 partitions, replication 1, the broker’s min.insync.replicas and retention, and warn', () => {
    const reader = new EnvReader({});
    expect(readKafkaTopicsConfig(reader)).toEqual({
      defaults: { numPartitions: 6, replicationFactor: 1, minInsyncReplicas: undefined, retentionMs: undefined },
      overrides: [],
      onMismatch: 'warn',
    });
    expect(reader.problems).toEqual([]);
  });

  it('gives each topic the defaults with the first matching override on top', () => {
    const config = readKafkaTopicsConfig(
      new EnvReader({
        KAFKA_TOPIC_PARTITIONS: '12',
        KAFKA_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2',
        KAFKA_TOPIC_RETENTION_MS: '-1',
        KAFKA_TOPIC_OVERRIDES: 'lead:partitions=24 ; dlt.*:partitions=1,retention.ms=604800000;dlt.scoring:partitions=9',
        KAFKA_TOPIC_MISMATCH: 'refuse',
      }),
    );
    expect(config.onMismatch).toBe('refuse');
    expect(topicSettingsFor(config, 'lead')).toEqual({ numPartitions: 24, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: -1 });
    expect(topicSettingsFor(config, 'dlt.scoring')).toEqual({
      numPartitions: 1,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      retentionMs: 604_800_000,
    });
    expect(topicSettingsFor(config, 'appointment')).toEqual({
      numPartitions: 12,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      retentionMs: -1,
    });
  });

  it.each([
    [{ KAFKA_TOPIC_PARTITIONS: '0' }, 'KAFKA_TOPIC_PARTITIONS must be an integer from 1 to 10000 (got "0")'],
    [{ KAFKA_TOPIC_RETENTION_MS: '-2' }, 'KAFKA_TOPIC_RETENTION_MS must be an integer of at least -1 (got "-2")'],
    [{ KAFKA_TOPIC_MISMATCH: 'ignore' }, 'KAFKA_TOPIC_MISMATCH must be warn or refuse (got "ignore")'],
    [
      { KAFKA_TOPIC_OVERRIDES: 'lead=12' },
      'KAFKA_TOPIC_OVERRIDES must be <topic>[*]:<setting>=<integer>[,…][;…]: "lead=12" does not start',
    ],
    [
      { KAFKA_TOPIC_OVERRIDES: 'lead:replicas=3' },
      '"replicas=3" is not one of partitions, replication.factor, min.insync.replicas, retention.ms',
    ],
    [{ KAFKA_TOPIC_OVERRIDES: 'lead:partitions=0' }, 'partitions of lead must be an integer of at least 1'],
    [
      { KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2' },
      'KAFKA_TOPIC_MIN_INSYNC_REPLICAS (2) exceeds the replication factor (1) of topics *: every write would fail',
    ],
    [
      { KAFKA_TOPIC_REPLICATION_FACTOR: '3', KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2', KAFKA_TOPIC_OVERRIDES: 'dlt.*:replication.factor=1' },
      'exceeds the replication factor (1) of topics dlt.*',
    ],
  ])('names the problem with %j', (env, expected) => {
    const reader = new EnvReader(env);
    readKafkaTopicsConfig(reader);
    expect(reader.problems.join('\n')).toContain(expected);
  });

  it('parses an empty override list', () => {
    expect(parseTopicOverrides(' ; ')).toEqual([]);
  });
});
