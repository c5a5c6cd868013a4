import type { Consumer } from 'kafkajs';
import { firstFixOf, kafkajsInternal } from './kafkajs-internal';

/**
 * kafkajs 2.2.4 (its last release) commits a consumer's resolved offsets after EVERY batch it hands
 * to `eachBatch` (runner.js, `autoCommitOffsets()` after the batch), whatever `autoCommitInterval`
 * and `autoCommitThreshold` say: those only govern `commitOffsetsIfNecessary`. At one record per
 * fetch that is one OffsetCommit round trip per record per group, awaited before the next fetch.
 *
 * For a consumer passed to `commitOnInterval`, the commit after a batch becomes
 * `commitOffsetsIfNecessary` (at most one per `autoCommitInterval`), and what it leaves uncommitted is
 * committed one interval later if no batch has done it, when the consumer stops (before it leaves
 * its group), and before it rejoins its group. kafkajs's other commits stay as they were: when a
 * heartbeat finds the group rebalancing, after a batch that threw, and after the batch in hand when
 * the consumer is stopping. Offsets are still resolved only by the caller, so what is committed is
 * what was done; a crash redelivers at most an interval's worth of records (the inbox drops them).
 */

interface Runner {
  running: boolean;
  eachBatch: unknown;
  consumerGroup: ConsumerGroup;
  autoCommitOffsets(): Promise<void> | undefined;
  autoCommitOffsetsIfNecessary(): Promise<void> | undefined;
  stop(): Promise<void>;
  [TRAILING]?: ReturnType<typeof setTimeout> | null;
}

interface ConsumerGroup {
  autoCommit: boolean;
  autoCommitInterval: number | null;
  uncommittedOffsets(): { topics: unknown[] };
  commitOffsets(): Promise<void>;
  joinAndSync(): Promise<unknown>;
  [INTERVAL_COMMITS]?: boolean;
}

const TRAILING = Symbol('leadline:trailingCommit');
const INTERVAL_COMMITS = Symbol('leadline:intervalCommits');

/** Set by an opted-in consumer's END_BATCH_PROCESS listener; the runner's very next (synchronous) call is the commit after the batch. */
let afterBatch = false;

/**
 * Makes `consumer`'s commit after each batch wait for its `autoCommitInterval` (see above). Call
 * before `consumer.run({ autoCommit: true, autoCommitInterval, eachBatch })`; returns false when the
 * kafkajs code it changes is not where it expected it (kafkajs then commits after every batch).
 */
export function commitOnInterval(consumer: Consumer): boolean {
  if (!installIntervalCommits()) return false;
  consumer.on(consumer.events.END_BATCH_PROCESS, () => {
    afterBatch = true;
    // The mark lives for this synchronous turn only: kafkajs calls autoCommitOffsets right after the event
    // (not after a batch emptied by filtering, which heartbeats next); a commit a rebalancing heartbeat asks
    // for comes after a network round trip, long after this microtask.
    queueMicrotask(() => (afterBatch = false));
  });
  return true;
}

let installed: boolean | undefined;

/** Installs the runner changes once per process; true when the kafkajs code is where it expected it. */
export function installIntervalCommits(): boolean {
  return (installed ??= install());
}

function install(): boolean {
  const runner = kafkajsInternal<Runner>('./src/consumer/runner', ['autoCommitOffsets', 'autoCommitOffsetsIfNecessary', 'stop']);
  const group = kafkajsInternal<ConsumerGroup>('./src/consumer/consumerGroup', ['joinAndSync', 'commitOffsets', 'uncommittedOffsets']);
  if (!runner || !group) return false;
  if (!firstFixOf(runner, 'intervalCommits')) return true;
  const { autoCommitOffsets, stop } = runner;
  const { joinAndSync } = group;

  const commitAll = (self: Runner): Promise<void> => Promise.resolve(autoCommitOffsets.call(self)).catch(() => undefined);

  runner.autoCommitOffsets = function (this: Runner) {
    const onInterval = afterBatch;
    afterBatch = false;
    if (!onInterval || !this.running) return autoCommitOffsets.call(this);
    this.consumerGroup[INTERVAL_COMMITS] = true;
    // The trailing commit: what this batch leaves uncommitted is committed one interval later at the latest.
    this[TRAILING] ??= setTimeout(() => {
      this[TRAILING] = null;
      if (this.running) void commitAll(this);
    }, this.consumerGroup.autoCommitInterval ?? 0);
    return this.autoCommitOffsetsIfNecessary();
  };

  runner.stop = async function (this: Runner): Promise<void> {
    if (this[TRAILING]) {
      clearTimeout(this[TRAILING]);
      this[TRAILING] = null;
      // Before kafkajs leaves the group: the batch in hand, if any, commits after itself (not running any more).
      if (this.running) await commitAll(this);
    }
    return stop.call(this);
  };

  group.joinAndSync = async function (this: ConsumerGroup): Promise<unknown> {
    // A rejoin starts from the committed offsets: commit what was resolved and left for the interval.
    if (this[INTERVAL_COMMITS] && this.autoCommit && this.uncommittedOffsets().topics.length > 0) {
      await this.commitOffsets().catch(() => undefined);
    }
    return joinAndSync.call(this);
  };
  return true;
}
