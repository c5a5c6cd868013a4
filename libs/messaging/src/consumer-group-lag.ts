import type { Admin } from 'kafkajs';

/** One partition of a consumer group's topics: where the group is and where the partition ends. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset (the next record it will read); null before its first commit. */
  readonly committedOffset: string | null;
  /** The partition's high watermark: the offset the next record written gets. */
  readonly endOffset: string;
  /** Records between them (from the log start when nothing is committed: groups start at the beginning). */
  readonly events: number;
}

/** The group's committed offsets against the partitions' ends, as Kafka's own lag tools compute them. */
export async function consumerGroupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  // The ends first: that loads the cluster metadata, without which kafkajs finds no broker to ask for the group's offsets.
  const ends = new Map<string, Awaited<ReturnType<Admin['fetchTopicOffsets']>>>();
  for (const topic of topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const end of ends.get(topic) ?? []) {
      const offset = offsets.find((entry) => entry.partition === end.partition)?.offset;
      const committedOffset = offset !== undefined && Number(offset) >= 0 ? offset : null;
      const from = BigInt(committedOffset ?? end.low);
      const events = Number(BigInt(end.high) > from ? BigInt(end.high) - from : 0n);
      lags.push({ topic, partition: end.partition, committedOffset, endOffset: end.high, events });
    }
  }
  return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
