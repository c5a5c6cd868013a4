import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { createServer, type Server as NetServer, type Socket } from 'node:net';

/** How long the start may wait for the copies of the listening socket before it carries on with one. */
const COPY_TIMEOUT_MS = 10_000;

/**
 * The helper's script: it is sent the listening socket once and sends it back `copies` times (each copy a new file
 * descriptor in the receiving process, SCM_RIGHTS), then leaves. It never listens on it itself: a raw handle
 * ('net.Native') is only held, so it accepts no connection. (`on`, not `once`: a 'message' listener keeps the channel,
 * and so the helper, alive while the queued copies wait for the receiver's acknowledgements.)
 */
const HELPER = `process.on('message', (copies, handle) => {
  for (let i = 0; i < copies; i++) process.send('listener', handle);
  process.send('done', () => process.disconnect());
});`;

export interface AcceptListeners {
  /** Listeners that accept on the server's socket, the server's own included. */
  readonly listeners: number;
  /** Why there is only the server's own listener when more were asked for (the platform or the helper). */
  readonly fallback?: string;
}

/**
 * Lets a busy process accept up to `listeners` new connections per event-loop turn instead of one.
 *
 * libuv ≥ 1.45 (Node 20 ships 1.46) accepts one connection per listening handle per loop turn (libuv#3696). A process
 * whose turns take 20–110 ms under load accepts 9–50 connections a second: past that the listen queue fills, the
 * kernel drops handshakes and clients wait 1, 3, 7 s for their retransmits before the admission gate can answer them
 * (docs/benchmarks.md, "New connections at 500 leads/s on Node 20"). Copies of the listening socket (duplicated file
 * descriptors of the one socket, so one accept queue) each get their own handle, and the loop accepts once per handle
 * per turn. Node has no `dup`; a short-lived child process sends the socket back as many times over its IPC channel
 * and exits. Each copy's connections are handed to `server` as its own (its 'connection' event, as node:http
 * documents for injected connections), with the socket options the server would have given them. Closing `server`
 * closes the copies first. Off the copies' path nothing changes: same port, same queue, same request handling.
 *
 * Skipped (one listener, as before) when `listeners` ≤ 1, on Windows, when the server is not listening on TCP or when
 * the helper fails (`fallback` says why).
 */
export async function acceptOnCopies(server: Server, listeners: number): Promise<AcceptListeners> {
  if (listeners <= 1) return { listeners: 1 };
  if (process.platform === 'win32') return { listeners: 1, fallback: 'not on Windows' };
  const address = server.address();
  // A raw handle is what can be sent without the receiving process listening on it ('net.Native').
  const handle = (server as unknown as { _handle?: unknown })._handle;
  if (!server.listening || address === null || typeof address === 'string' || !handle) {
    return { listeners: 1, fallback: 'the server is not listening on TCP' };
  }
  const copies: NetServer[] = [];
  let closed = false;
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    closed = true;
    for (const copy of copies.splice(0)) copy.close();
    return close(callback);
  }) as Server['close'];
  const socketOptions = optionsOf(server);
  const adopt = (copyHandle: unknown) => {
    const copy = createServer(socketOptions);
    copy.on('connection', (socket: Socket) => server.emit('connection', socket));
    // An accept error on a copy (EMFILE and the like) is the server's own accept error: report it there.
    copy.on('error', (error) => server.emit('error', error));
    copy.listen(copyHandle as Parameters<NetServer['listen']>[0]);
    if (closed) copy.close();
    else copies.push(copy);
  };
  try {
    await copiesFromHelper(handle, listeners - 1, adopt);
    return { listeners: 1 + copies.length };
  } catch (error) {
    for (const copy of copies.splice(0)) copy.close();
    return { listeners: 1, fallback: (error as Error).message };
  }
}

/** The socket options node:http's server gives the connections it accepts (net.Server's, set by http.Server). */
function optionsOf(server: Server): Parameters<typeof createServer>[0] {
  const own = server as unknown as {
    allowHalfOpen?: boolean;
    pauseOnConnect?: boolean;
    noDelay?: boolean;
    keepAlive?: boolean;
    keepAliveInitialDelay?: number;
    highWaterMark?: number;
  };
  return {
    allowHalfOpen: own.allowHalfOpen ?? true,
    pauseOnConnect: own.pauseOnConnect ?? false,
    noDelay: own.noDelay ?? true,
    keepAlive: own.keepAlive ?? false,
    keepAliveInitialDelay: own.keepAliveInitialDelay ?? 0,
    ...(own.highWaterMark === undefined ? {} : { highWaterMark: own.highWaterMark }),
  };
}

function copiesFromHelper(handle: unknown, copies: number, adopt: (handle: unknown) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // No environment (the process's settings and secrets are not the helper's business), no NODE_OPTIONS preloads.
    const helper = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {} });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error && helper.exitCode === null && helper.signalCode === null) helper.kill();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => settle(new Error(`no copies of the listening socket within ${COPY_TIMEOUT_MS} ms`)), COPY_TIMEOUT_MS);
    timer.unref();
    let received = 0;
    helper.on('message', (message: unknown, copy: unknown) => {
      if (!settled && message === 'listener' && copy) {
        received += 1;
        adopt(copy);
      }
    });
    helper.on('error', (error) => settle(new Error(`the helper process did not start: ${error.message}`)));
    // Done when the helper has exited and its channel is closed (every message it sent has been read): from then on
    // only this process holds the socket, so closing the server stops every accept at once.
    helper.on('close', (code, signal) => {
      if (received === copies) settle();
      else settle(new Error(`the helper process sent ${received} of ${copies} copies of the listening socket (exit ${signal ?? code})`));
    });
    helper.send(copies, handle as Parameters<typeof helper.send>[1], (error) => {
      if (error) settle(new Error(`could not send the listening socket to the helper: ${error.message}`));
    });
  });
}
