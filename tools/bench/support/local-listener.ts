/**
 * The process behind a TCP address when it runs on this machine (Linux /proc): the listening socket's inode from
 * /proc/net/tcp and tcp6, then the process holding that socket. The pipeline bench reads the Kafka broker's CPU and
 * release this way, whoever started it (tools/kafka/local-kafka.sh or `--broker` pointing at one of the machine's).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface LocalListener {
  readonly pid: number;
  /** The Kafka release of the jar on its class path (`kafka_2.13-4.4.0.jar`), when it is a Kafka broker. */
  readonly kafkaRelease?: string;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0']);
/** /proc/net/tcp's state of a listening socket. */
const LISTEN = '0A';

/** The process listening on `host:port` on this machine, or undefined (another host, no /proc, not readable). */
export function localListener(address: string): LocalListener | undefined {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  if (!LOCAL_HOSTS.has(host) || !Number.isInteger(port)) return undefined;
  const inodes = new Set([...listeningInodes('/proc/net/tcp', port), ...listeningInodes('/proc/net/tcp6', port)]);
  if (inodes.size === 0) return undefined;
  const pid = holderOf(inodes);
  return pid === undefined ? undefined : { pid, kafkaRelease: kafkaReleaseOf(pid) };
}

/** The inodes of the sockets listening on `port` in one of /proc/net's tables (columns: sl local rem st … inode). */
function listeningInodes(table: string, port: number): string[] {
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return [];
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns.length > 9 && columns[3] === LISTEN && columns[1].endsWith(`:${hexPort}`))
    .map((columns) => columns[9]);
}

/** The first process (by pid) with one of the socket inodes among its open files. */
function holderOf(inodes: ReadonlySet<string>): number | undefined {
  const links = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      try {
        if (links.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** The release in the name of the Kafka jar on the process's class path (`-cp`: jars, or a directory's `*`). */
function kafkaReleaseOf(pid: number): string | undefined {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  const at = args.findIndex((arg) => arg === '-cp' || arg === '-classpath' || arg === '--class-path');
  const entries = at === -1 ? [] : (args[at + 1] ?? '').split(':');
  for (const entry of entries) {
    let names = [basename(entry)];
    if (names[0] === '*') {
      try {
        names = readdirSync(dirname(entry));
      } catch {
        continue;
      }
    }
    const release = names.map((name) => /^kafka_2\.\d+-(\d+\.\d+\.\d+)\.jar$/.exec(name)?.[1]).find(Boolean);
    if (release) return release;
  }
  return undefined;
}
