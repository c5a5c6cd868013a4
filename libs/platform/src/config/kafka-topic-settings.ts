import { DEFAULT_TOPIC_SETTINGS, type TopicSettings } from '@leadline/messaging';
import type { EnvReader } from './env-reader';

/** `KAFKA_TOPIC_OVERRIDES` keys and the TopicSettings field each sets. */
const OVERRIDE_KEYS = {
  partitions: 'numPartitions',
  'replication.factor': 'replicationFactor',
  'min.insync.replicas': 'minInsyncReplicas',
  'retention.ms': 'retentionMs',
} as const satisfies Record<string, keyof TopicSettings>;

export interface TopicOverride {
  /** A topic name without the prefix (`lead`, `dlt.routing-assign`), or the start of one ending in `*` (`dlt.*`). */
  readonly pattern: string;
  readonly settings: Partial<TopicSettings>;
}

/** Topic settings from configuration: the defaults, per-topic overrides (first match wins), and the policy on a mismatch. */
export interface KafkaTopicsConfig {
  readonly defaults: TopicSettings;
  readonly overrides: readonly TopicOverride[];
  /** `warn`: log it and show it in /ready (still ready); `refuse`: the process does not start. */
  readonly onMismatch: 'warn' | 'refuse';
}

export const DEFAULT_KAFKA_TOPICS: KafkaTopicsConfig = Object.freeze({
  defaults: DEFAULT_TOPIC_SETTINGS,
  overrides: [],
  onMismatch: 'warn',
});

const TOPIC_PATTERN = /^(?:[A-Za-z0-9._-]+\*?|\*)$/;

/**
 * Parses `KAFKA_TOPIC_OVERRIDES`: `<topic>:<key>=<value>[,<key>=<value>…]` entries separated by `;`,
 * e.g. `lead:partitions=12,retention.ms=-1;dlt.*:partitions=1`. Throws naming the first problem.
 */
export function parseTopicOverrides(text: string): TopicOverride[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const colon = entry.indexOf(':');
      const pattern = entry.slice(0, Math.max(colon, 0)).trim();
      if (colon <= 0 || !TOPIC_PATTERN.test(pattern)) throw new Error(`"${entry}" does not start with a topic name and ":"`);
      const settings: Partial<Record<keyof TopicSettings, number>> = {};
      for (const pair of entry.slice(colon + 1).split(',')) {
        const [key = '', value = '', ...extra] = pair.split('=').map((part) => part.trim());
        if (!(key in OVERRIDE_KEYS) || extra.length > 0)
          throw new Error(`"${pair.trim()}" is not one of ${Object.keys(OVERRIDE_KEYS).join(', ')} = an integer`);
        const min = key === 'retention.ms' ? -1 : 1;
        if (!/^-?\d+$/.test(value) || Number(value) < min) throw new Error(`${key} of ${pattern} must be an integer of at least ${min}`);
        settings[OVERRIDE_KEYS[key as keyof typeof OVERRIDE_KEYS]] = Number(value);
      }
      return { pattern, settings };
    });
}

/** The settings of one topic, named without the prefix. */
export function topicSettingsFor(config: KafkaTopicsConfig, name: string): TopicSettings {
  const override = config.overrides.find(({ pattern }) =>
    pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
  return { ...config.defaults, ...override?.settings };
}

/** KAFKA_TOPIC_*; problems go to `reader` (loadConfig reports them with every other bad setting). */
export function readKafkaTopicsConfig(reader: EnvReader): KafkaTopicsConfig {
  const optional = (name: string, min: number): number | undefined => {
    const raw = reader.text(name);
    if (raw === undefined) return undefined;
    if (/^-?\d+$/.test(raw) && Number(raw) >= min) return Number(raw);
    reader.problem(`${name} must be an integer of at least ${min} (got ${JSON.stringify(raw)})`);
    return undefined;
  };
  const defaults: TopicSettings = {
    numPartitions: reader.int('KAFKA_TOPIC_PARTITIONS', DEFAULT_TOPIC_SETTINGS.numPartitions, 1, 10_000),
    replicationFactor: reader.int('KAFKA_TOPIC_REPLICATION_FACTOR', DEFAULT_TOPIC_SETTINGS.replicationFactor, 1, 100),
    minInsyncReplicas: optional('KAFKA_TOPIC_MIN_INSYNC_REPLICAS', 1),
    retentionMs: optional('KAFKA_TOPIC_RETENTION_MS', -1),
  };
  let overrides: TopicOverride[] = [];
  try {
    overrides = parseTopicOverrides(reader.text('KAFKA_TOPIC_OVERRIDES') ?? '');
  } catch (error) {
    reader.problem(`KAFKA_TOPIC_OVERRIDES must be <topic>[*]:<setting>=<integer>[,…][;…]: ${(error as Error).message}`);
  }
  const onMismatch = reader.text('KAFKA_TOPIC_MISMATCH') ?? 'warn';
  if (onMismatch !== 'warn' && onMismatch !== 'refuse')
    reader.problem(`KAFKA_TOPIC_MISMATCH must be warn or refuse (got ${JSON.stringify(onMismatch)})`);
  const config: KafkaTopicsConfig = { defaults, overrides, onMismatch: onMismatch === 'refuse' ? 'refuse' : 'warn' };
  for (const [pattern, settings] of [
    ['*', defaults] as const,
    ...overrides.map((o) => [o.pattern, topicSettingsFor(config, o.pattern)] as const),
  ]) {
    // Producers write with acks=all: more in-sync replicas required than replicas would refuse every write.
    if (settings.minInsyncReplicas !== undefined && settings.minInsyncReplicas > settings.replicationFactor)
      reader.problem(
        `KAFKA_TOPIC_MIN_INSYNC_REPLICAS (${settings.minInsyncReplicas}) exceeds the replication factor (${settings.replicationFactor}) of topics ${pattern}: every write would fail`,
      );
  }
  return config;
}
