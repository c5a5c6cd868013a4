import { ConfigResourceTypes, type Admin, type ITopicConfig } from 'kafkajs';

export const DEFAULT_TOPIC_PREFIX = 'leadline.';

/** What a topic is created with and checked against. Unset optional settings are the broker's defaults and not checked. */
export interface TopicSettings {
  readonly numPartitions: number;
  readonly replicationFactor: number;
  /** `min.insync.replicas`: with the producers' acks=all, how many replicas must have a write. */
  readonly minInsyncReplicas?: number;
  /** `retention.ms`; -1 keeps records forever. */
  readonly retentionMs?: number;
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = Object.freeze({ numPartitions: 6, replicationFactor: 1 });

/** One way an existing topic differs from its settings. */
export interface TopicMismatch {
  readonly topic: string;
  readonly setting: 'partitions' | 'replication.factor' | 'min.insync.replicas' | 'retention.ms';
  readonly expected: string;
  readonly actual: string;
}

/**
 * Settings per topic, and what happens when an existing topic differs: `report` gets every topic
 * checked and the mismatches among them (none when all match); throwing from it refuses the start.
 */
export interface TopicPlan {
  settingsFor(topic: string): TopicSettings;
  report?(checked: readonly string[], mismatches: readonly TopicMismatch[]): void;
}

export type TopicConfig = TopicSettings | TopicPlan;

function asPlan(config: TopicConfig): TopicPlan {
  return 'settingsFor' in config ? config : { settingsFor: () => config };
}

/** One topic per stream category: `lead-42` travels on `<prefix>lead`. */
export function categoryTopic(prefix: string, category: string): string {
  return `${prefix}${category}`;
}

/** Dead-letter topic of one consumer (subscription) name. */
export function deadLetterTopic(prefix: string, consumerName: string): string {
  return `${prefix}dlt.${consumerName}`;
}

function topicConfig(topic: string, settings: TopicSettings): ITopicConfig {
  const configEntries = [
    ...(settings.minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(settings.minInsyncReplicas) }]),
    ...(settings.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(settings.retentionMs) }]),
  ];
  return { topic, numPartitions: settings.numPartitions, replicationFactor: settings.replicationFactor, configEntries };
}

/**
 * Creates the topics that do not exist yet, up front (auto-creation would pick broker defaults
 * and race the first produce), each with its settings; then checks every topic against them and
 * hands the result to the plan's `report`. Safe to call concurrently from several processes.
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], config: TopicConfig = DEFAULT_TOPIC_SETTINGS): Promise<void> {
  const plan = asPlan(config);
  const wanted = [...new Set(topics)];
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topic));
  if (missing.length > 0) await createTopics(admin, missing, plan);
  if (plan.report) plan.report(wanted, await checkTopics(admin, wanted, plan));
}

async function createTopics(admin: Admin, missing: readonly string[], plan: TopicPlan): Promise<void> {
  try {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => topicConfig(topic, plan.settingsFor(topic))) });
  } catch (error) {
    // Another process may be creating the same topics: "already exists", or "unknown topic"
    // while its leaders are elected. Either way the topics are usable once metadata shows them.
    await waitForMetadata(admin, missing).catch(() => {
      throw error;
    });
    return;
  }
  await waitForMetadata(admin, missing);
}

/** How each topic differs from its settings: partition count and replication factor from metadata, the rest from its configs. */
export async function checkTopics(
  admin: Admin,
  topics: readonly string[],
  config: TopicConfig = DEFAULT_TOPIC_SETTINGS,
): Promise<TopicMismatch[]> {
  const plan = asPlan(config);
  if (topics.length === 0) return [];
  const mismatches: TopicMismatch[] = [];
  const differ = (topic: string, setting: TopicMismatch['setting'], expected: number | undefined, actual: string | number | undefined) => {
    if (expected !== undefined && String(expected) !== String(actual ?? 'unknown'))
      mismatches.push({ topic, setting, expected: String(expected), actual: String(actual ?? 'unknown') });
  };
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  for (const topic of metadata) {
    const settings = plan.settingsFor(topic.name);
    differ(topic.name, 'partitions', settings.numPartitions, topic.partitions.length);
    differ(topic.name, 'replication.factor', settings.replicationFactor, Math.min(...topic.partitions.map((p) => p.replicas.length)));
  }
  const configured = topics.filter((topic) => {
    const settings = plan.settingsFor(topic);
    return settings.minInsyncReplicas !== undefined || settings.retentionMs !== undefined;
  });
  if (configured.length > 0) {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: configured.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas', 'retention.ms'],
      })),
    });
    for (const resource of described.resources) {
      const settings = plan.settingsFor(resource.resourceName);
      const value = (name: string) => resource.configEntries.find((entry) => entry.configName === name)?.configValue;
      differ(resource.resourceName, 'min.insync.replicas', settings.minInsyncReplicas, value('min.insync.replicas'));
      differ(resource.resourceName, 'retention.ms', settings.retentionMs, value('retention.ms'));
    }
  }
  return mismatches;
}

/** A topic created by another process may not have leaders yet; metadata fetch retries until it does. */
async function waitForMetadata(admin: Admin, topics: readonly string[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.fetchTopicMetadata({ topics: [...topics] });
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
