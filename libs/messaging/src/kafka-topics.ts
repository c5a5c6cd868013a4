import type { Admin } from 'kafkajs';

export const DEFAULT_TOPIC_PREFIX = 'leadline.';

export interface TopicSettings {
  readonly numPartitions: number;
  readonly replicationFactor: number;
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = Object.freeze({ numPartitions: 6, replicationFactor: 1 });

/** One topic per stream category: `lead-42` travels on `<prefix>lead`. */
export function categoryTopic(prefix: string, category: string): string {
  return `${prefix}${category}`;
}

/** Dead-letter topic of one consumer (subscription) name. */
export function deadLetterTopic(prefix: string, consumerName: string): string {
  return `${prefix}dlt.${consumerName}`;
}

/**
 * Creates the topics that do not exist yet, up front (auto-creation would pick broker defaults
 * and race the first produce). Safe to call concurrently from several processes.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  settings: TopicSettings = DEFAULT_TOPIC_SETTINGS,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: settings.numPartitions,
        replicationFactor: settings.replicationFactor,
      })),
    });
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
