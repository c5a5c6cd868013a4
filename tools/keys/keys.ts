// `npm run keys -- <command>`: API keys through the admin API (README, security).
//   create --roles intake[,…] --label "web form" [--expires 2027-01-01|90d] [--rep-id sdr-ana] [--sources inbound-web,…]
//   list | show <keyId> | revoke <keyId> | whoami
//   generate   (offline: a fresh key for AUTH_ADMIN_KEY; nothing is sent)
// Talks to --url (LEADLINE_URL, default http://localhost:3000) as --key (LEADLINE_API_KEY, else the
// admin key the embedded platform wrote into --data-dir, default .leadline-data).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_KEY_FILE, generateApiKey } from '@leadline/platform';

const USAGE = `Usage: npm run keys -- <create|list|show|revoke|whoami|generate> [options]
  create  --roles <role,…> --label <text> [--expires <ISO time | Nd>] [--rep-id <id>] [--manager-email <email>] [--sources <source,…>]
  list
  show    <keyId>
  revoke  <keyId>
  whoami
  generate                      a new key to give as AUTH_ADMIN_KEY (offline)
Options: --url <platform URL> (LEADLINE_URL)  --key <admin key> (LEADLINE_API_KEY)  --data-dir <folder with admin-key>  --json`;

/** `90d` → that many days from now; anything else must be an ISO-8601 time. */
export function expiryOf(value: string, now = new Date()): string {
  const days = /^(\d{1,5})d$/.exec(value);
  if (days) return new Date(now.getTime() + Number(days[1]) * 86_400_000).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new Error(`--expires must be an ISO-8601 time or a number of days like 90d (got ${value})`);
  return new Date(value).toISOString();
}

async function credentials(key: string | undefined, dataDir: string): Promise<string> {
  if (key) return key;
  if (process.env.LEADLINE_API_KEY) return process.env.LEADLINE_API_KEY;
  const file = join(resolve(dataDir), ADMIN_KEY_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Error(`no key: pass --key, set LEADLINE_API_KEY, or run where ${file} exists (the embedded platform's first admin key)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.LEADLINE_URL ?? 'http://localhost:3000' },
      key: { type: 'string' },
      'data-dir': { type: 'string', default: process.env.DATA_DIR ?? '.leadline-data' },
      roles: { type: 'string' },
      label: { type: 'string' },
      expires: { type: 'string' },
      'rep-id': { type: 'string' },
      'manager-email': { type: 'string' },
      sources: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, keyId] = positionals;
  if (command === 'generate') {
    process.stdout.write(`${generateApiKey().key}\n`);
    return 0;
  }
  const list = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  let method = 'GET';
  let path: string;
  let body: unknown;
  switch (command) {
    case 'create':
      if (!values.roles || !values.label) throw new Error('create needs --roles and --label');
      method = 'POST';
      path = '/auth/keys';
      body = {
        label: values.label,
        roles: list(values.roles),
        ...(values['rep-id'] ? { repId: values['rep-id'] } : {}),
        ...(values['manager-email'] ? { managerEmail: values['manager-email'] } : {}),
        ...(values.sources ? { sources: list(values.sources) } : {}),
        ...(values.expires ? { expiresAt: expiryOf(values.expires) } : {}),
      };
      break;
    case 'list':
      path = '/auth/keys';
      break;
    case 'whoami':
      path = '/auth/whoami';
      break;
    case 'show':
    case 'revoke':
      if (!keyId) throw new Error(`${command} needs a key id`);
      path = `/auth/keys/${encodeURIComponent(keyId)}${command === 'revoke' ? '/revoke' : ''}`;
      method = command === 'revoke' ? 'POST' : 'GET';
      break;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
  const key = await credentials(values.key, values['data-dir']);
  const response = await fetch(new URL(path, values.url), {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    process.stderr.write(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}\n`);
    return 1;
  }
  if (values.json || command !== 'create') {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } else {
    process.stdout.write(
      `Key ${String(answer['keyId'])} (${String(answer['label'])}; roles ${(answer['roles'] as string[]).join(', ')}` +
        `${answer['expiresAt'] ? `; expires ${String(answer['expiresAt'])}` : ''}). Shown this once, store it now:\n\n    ${String(answer['key'])}\n\n`,
    );
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

export { main as keysCli };
