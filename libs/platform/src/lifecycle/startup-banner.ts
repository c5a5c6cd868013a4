import { isAbsolute, join, relative } from 'node:path';
import { ADMIN_KEY_FILE } from '../auth/auth.lifecycle';
import type { PlatformConfig } from '../config';

const DEMO_LEAD = JSON.stringify({
  source: 'demo-request',
  contact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile.coyote@acme.com', title: 'VP Engineering' },
  company: { name: 'Acme Corporation', website: 'https://www.acme.com', country: 'US' },
  consent: true,
});

/**
 * The few lines a person at a terminal needs once the process is ready: where it listens, the API
 * docs, where the admin credentials are, and a curl that posts a demo lead with the header it needs
 * (when this process captures leads).
 */
export function startupBanner(url: string, config: PlatformConfig, serviceNames: readonly string[], cwd = process.cwd()): string {
  const credentials = adminCredentials(config, cwd);
  const lines = ['', `  Leadline is ready at ${url}`, `  API docs    ${url}/docs`, `  Admin key   ${credentials.where}`];
  if (serviceNames.includes('lead-intake')) {
    const header = credentials.header ? ` -H "authorization: Bearer ${credentials.header}"` : '';
    lines.push(
      '  Post a demo lead:',
      `    curl -X POST ${url}/leads${header} -H 'content-type: application/json' \\`,
      `      -d '${DEMO_LEAD}'`,
      `  then GET ${url}/leads/<leadId>/journey with the same header.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

function adminCredentials(config: PlatformConfig, cwd: string): { where: string; header?: string } {
  if (config.auth.disabled) return { where: 'none needed: AUTH_DISABLED=true serves every request as admin' };
  if (config.auth.adminKey) return { where: 'the AUTH_ADMIN_KEY this process was given', header: '$AUTH_ADMIN_KEY' };
  if (config.databaseUrl)
    return { where: 'none configured: set AUTH_ADMIN_KEY (npm run keys -- generate makes one)', header: '$AUTH_ADMIN_KEY' };
  const file = shortPath(join(config.dataDir, ADMIN_KEY_FILE), cwd);
  return { where: `${file} (written on the first start, mode 0600)`, header: `$(cat ${file})` };
}

function shortPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
