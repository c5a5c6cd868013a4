/**
 * Local experiment (a `--require` preload, not part of any service): where a request's time goes inside the
 * process that answers it. For every request carrying `x-bench-sent` (the client's epoch ms at the send, same
 * machine clock) it records sent -> socket accepted ('connection'), sent -> 'request' event, 'request' -> response
 * finished, by status; and the process's event-loop delay. In the client's process (node:http requests carrying
 * the header) it records sent -> the request written to the socket and -> the response's headers read. At exit it writes the distributions to
 * HTTP_TIMING_FILE (JSON) and a summary line to stderr. Run through NODE_OPTIONS so the bench's children load it:
 *
 *   HTTP_TIMING_FILE=/tmp/x.json NODE_OPTIONS="-r $PWD/tools/bench/experiments/http-timing.preload.cjs" \
 *     npm run bench:pipeline -- ...
 *
 * Only processes that saw such a request write anything.
 */
'use strict';
const http = require('node:http');
const { writeFileSync } = require('node:fs');
const diagnostics = require('node:diagnostics_channel');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const out = process.env.HTTP_TIMING_FILE;
const acceptedAt = Symbol('acceptedAt');
const rows = [];
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const loopPerSecond = [];
let benchStarted = false;
let connections = 0;
let requests = 0;
setInterval(() => {
  if (!benchStarted) return loop.reset();
  loopPerSecond.push({ t: Date.now(), mean: loop.mean / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, connections, requests });
  connections = 0;
  requests = 0;
  loop.reset();
}, 1000).unref();

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, a, b) {
  if (event === 'connection' && a) {
    a[acceptedAt] = Date.now();
    connections += 1;
  } else if (event === 'request' && a && a.headers && a.headers['x-bench-sent']) {
    benchStarted = true;
    requests += 1;
    const sent = Number(a.headers['x-bench-sent']);
    const requestAt = Date.now();
    const socket = a.socket;
    const accepted = socket && socket[acceptedAt] !== undefined ? socket[acceptedAt] : NaN;
    const reused = socket ? (socket.__benchRequests = (socket.__benchRequests || 0) + 1) > 1 : false;
    // A 503 without X-Request-Id is the admission gate's (in front of Express); one with it came from behind it.
    const status = () => (b.statusCode === 503 && !b.getHeader('x-request-id') ? '503 gate' : String(b.statusCode));
    b.once('finish', () => rows.push([sent, accepted, requestAt, Date.now(), status(), reused ? 1 : 0]));
  }
  return emit.apply(this, arguments);
};

// The client's side (the bench's process): sent -> the request written to its socket (the agent's queue and the
// client's own loop), and the response's headers read.
const clientRows = [];
diagnostics.subscribe('http.client.request.start', ({ request }) => {
  const sent = Number(request.getHeader('x-bench-sent'));
  if (!sent) return;
  const row = [sent, NaN, NaN, 0];
  request.once('finish', () => (row[1] = Date.now()));
  request.once('response', (response) => {
    row[2] = Date.now();
    row[3] = response.statusCode;
    clientRows.push(row);
  });
});

function pct(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function d(values) {
  return { n: values.length, p50: pct(values, 50), p90: pct(values, 90), p99: pct(values, 99), max: pct(values, 100) };
}

process.on('exit', () => {
  if (clientRows.length > 0) {
    const client = {};
    for (const status of [...new Set(clientRows.map((r) => r[3]))]) {
      const mine = clientRows.filter((r) => r[3] === status);
      client[status] = { sentToWritten: d(mine.map((r) => r[1] - r[0])), writtenToResponse: d(mine.map((r) => r[2] - r[1])) };
    }
    if (out) writeFileSync(`${out}.client.json`, JSON.stringify({ pid: process.pid, client }, null, 1));
    process.stderr.write(`http-timing client ${JSON.stringify(client)}\n`);
  }
  if (rows.length === 0) return;
  const byStatus = {};
  for (const status of [...new Set(rows.map((r) => r[4]))]) {
    const mine = rows.filter((r) => r[4] === status);
    const fresh = mine.filter((r) => !r[5]);
    byStatus[status] = {
      sentToAccepted: d(fresh.map((r) => r[1] - r[0])),
      sentToRequest: d(mine.map((r) => r[2] - r[0])),
      acceptedToRequest: d(fresh.map((r) => r[2] - r[1])),
      requestToFinish: d(mine.map((r) => r[3] - r[2])),
      sentToFinish: d(mine.map((r) => r[3] - r[0])),
      reusedConnections: mine.length - fresh.length,
    };
  }
  const summary = { pid: process.pid, requests: rows.length, byStatus, loopPerSecond };
  if (out) writeFileSync(`${out}.${process.pid}.json`, JSON.stringify(summary, null, 1));
  process.stderr.write(`http-timing ${JSON.stringify(byStatus)}\n`);
});
