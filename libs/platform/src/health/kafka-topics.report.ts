import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TopicMismatch, TopicPlan, TopicSettings } from '@leadline/messaging';
import { topicSettingsFor, type PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.tokens';

/** Existing topics whose settings differ from the configured ones, with KAFKA_TOPIC_MISMATCH=refuse. */
export class TopicSettingsMismatchError extends Error {
  override readonly name = 'TopicSettingsMismatchError';
}

export function describeMismatches(mismatches: readonly TopicMismatch[]): string {
  return mismatches.map((m) => `${m.topic} ${m.setting} is ${m.actual}, configured ${m.expected}`).join('; ');
}

/**
 * The process's topic settings (from KAFKA_TOPIC_*), handed to the relay and the consumers that
 * create the missing topics with them and check the existing ones, and what they found. A mismatch
 * is logged and shown by /ready. KAFKA_TOPIC_MISMATCH=warn (default): the process runs on the topics
 * as they are and stays ready. refuse: the relay or consumer on such a topic does not start (its
 * background start retries with backoff, so it starts once an operator fixed the topic) and /ready
 * answers 503. Nothing here alters a topic: partitions and replication are the operator's
 * (kafka-topics.sh --alter, a partition reassignment; deploy/README.md "Kafka topics").
 */
@Injectable()
export class KafkaTopicsReport implements TopicPlan {
  private readonly logger = new Logger('KafkaTopics');
  private readonly found = new Map<string, TopicMismatch[]>();

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  settingsFor(topic: string): TopicSettings {
    const kafka = this.config.kafka;
    if (!kafka) throw new Error('Kafka is not configured');
    const name = topic.startsWith(kafka.topicPrefix) ? topic.slice(kafka.topicPrefix.length) : topic;
    return topicSettingsFor(kafka.topics, name);
  }

  report(checked: readonly string[], mismatches: readonly TopicMismatch[]): void {
    for (const topic of checked) this.found.delete(topic);
    for (const mismatch of mismatches) this.found.set(mismatch.topic, [...(this.found.get(mismatch.topic) ?? []), mismatch]);
    if (mismatches.length === 0) return;
    const text = `Kafka topics differ from their configured settings: ${describeMismatches(mismatches)}`;
    if (this.refuses) throw new TopicSettingsMismatchError(`${text} (KAFKA_TOPIC_MISMATCH=refuse: not started until they match)`);
    this.logger.warn(`${text}. Running with the topics as they are; alter them or the settings (deploy/README.md "Kafka topics").`);
  }

  /** KAFKA_TOPIC_MISMATCH=refuse: a mismatch keeps the process from running on the topic, and from being ready. */
  get refuses(): boolean {
    return this.config.kafka?.topics.onMismatch === 'refuse';
  }

  /** Every mismatch found so far, topic by topic. */
  mismatches(): TopicMismatch[] {
    return [...this.found.values()].flat();
  }
}
