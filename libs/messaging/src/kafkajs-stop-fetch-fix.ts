import { KafkaJSConnectionError } from 'kafkajs';
import { firstFixOf, kafkajsInternal } from './kafkajs-internal';

/**
 * kafkajs 2.2.4 (its last release) stops a consumer only once the fetch it has in flight comes back, which for an idle
 * member is when the broker's wait (`maxWaitTimeInMs`, FETCH_MAX_WAIT_MS: 3 s) runs out: the runner's stop waits for
 * its fetchers, each of which ends its loop after its fetch returns, and the consumer's disconnect then waits for every
 * request in flight on its connections before it closes them. Stopping a process with several consumer groups waited
 * up to that long for each group stopped one after the other.
 *
 * With this fix a fetch in flight when its consumer stops is answered at once with no batches (its fetcher then ends
 * its loop) and dropped: nothing of it was handed to `eachBatch`, so no offset of it was resolved, and whoever consumes
 * the partition next fetches those records again. kafkajs sends fetches on a connection of their own (a broker's
 * connection pool keeps one for Fetch, one for the rest), so the commit of resolved offsets and the leave request do
 * not queue behind it; and a connection that disconnects with nothing in flight but fetches fails them at once
 * instead of waiting for the broker's answer (a running consumer's fetcher takes such a failure as any other: it
 * fetches again).
 */
interface Runner {
  running: boolean;
  fetchManager: { stop(): Promise<void>; [RELEASES]?: Set<() => void> };
  fetch(nodeId: number): Promise<unknown[]>;
  stop(): Promise<void>;
}

interface Connection {
  requestQueue: {
    inflight: Map<number, { entry: { apiKey: number } }>;
    pending: unknown[];
    rejectAll(error: Error): void;
  };
  disconnect(): Promise<boolean>;
}

/** kafkajs's API key of a Fetch request (src/protocol/requests/apiKeys.js). */
const FETCH = 1;

const RELEASES = Symbol('leadline:fetchReleases');

/** Installs the fix once per process; true when the kafkajs code it changes is where it expected it. */
export function releaseFetchesOnStop(): boolean {
  const runner = kafkajsInternal<Runner>('./src/consumer/runner', ['fetch', 'stop']);
  const connection = kafkajsInternal<Connection>('./src/network/connection', ['disconnect']);
  if (!runner || !connection) return false;
  if (!firstFixOf(runner, 'releaseFetchesOnStop')) return true;
  const { disconnect } = connection;
  connection.disconnect = function (this: Connection): Promise<boolean> {
    const { inflight, pending } = this.requestQueue;
    if (inflight.size > 0 && pending.length === 0 && [...inflight.values()].every((request) => request.entry.apiKey === FETCH)) {
      this.requestQueue.rejectAll(new KafkaJSConnectionError('Connection closed with a fetch in flight'));
    }
    return disconnect.call(this);
  };
  const { fetch } = runner;
  runner.fetch = function (this: Runner, nodeId: number): Promise<unknown[]> {
    const fetching = fetch.call(this, nodeId);
    const manager = this.fetchManager;
    if (!this.running || !manager) return fetching;
    const releases = (manager[RELEASES] ??= releasingOnStop(manager));
    return new Promise<unknown[]>((resolve, reject) => {
      const release = () => resolve([]);
      releases.add(release);
      fetching.then(resolve, reject).finally(() => releases.delete(release));
    });
  };
  return true;
}

/** The runner's stop calls its fetch manager's stop right after it stops running: the fetches in flight are answered then. */
function releasingOnStop(manager: Runner['fetchManager']): Set<() => void> {
  const releases = new Set<() => void>();
  const { stop } = manager;
  manager.stop = function (this: unknown): Promise<void> {
    for (const release of [...releases]) release();
    return stop.call(this);
  };
  return releases;
}

releaseFetchesOnStop();
