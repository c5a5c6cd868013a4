// Counts the statements a process sends through `pg` (Client.query), by the statement's first 70
// characters and its where clause, and writes them to $PG_STATEMENT_TALLY_DIR/<app>-<pid>.json
// (most frequent first) every 2 s and at exit. For the distributed pipeline bench, whose services
// inherit the environment:
//   PG_STATEMENT_TALLY_DIR=/tmp/tally NODE_OPTIONS="-r ./tools/bench/support/pg-statement-tally.cjs" npm run bench:pipeline -- ...
// Only statement texts are kept (parameters never are): no personal data reaches the file.
const dir = process.env.PG_STATEMENT_TALLY_DIR;
if (dir) {
  const Module = require('node:module');
  const fs = require('node:fs');
  const path = require('node:path');
  const tally = new Map();
  const load = Module._load;
  let wrapped = false;
  Module._load = function (request, ...rest) {
    const loaded = load.call(this, request, ...rest);
    if (!wrapped && request === 'pg' && loaded && loaded.Client) {
      wrapped = true;
      const query = loaded.Client.prototype.query;
      loaded.Client.prototype.query = function (config, ...args) {
        const text = typeof config === 'string' ? config : config && config.text;
        if (text) {
          const flat = text.replace(/\s+/g, ' ').trim();
          const where = flat.indexOf(' where ');
          const key = flat.slice(0, 70) + (where > 70 ? ` …${flat.slice(where, where + 70)}` : '');
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
        return query.call(this, config, ...args);
      };
    }
    return loaded;
  };
  const app =
    process.argv
      .find((arg) => arg.includes('/apps/'))
      ?.split('/apps/')[1]
      ?.split('/')[0] ?? 'process';
  const write = () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${app}-${process.pid}.json`), JSON.stringify([...tally].sort((a, b) => b[1] - a[1])));
  };
  process.on('exit', write);
  setInterval(write, 2_000).unref();
}
