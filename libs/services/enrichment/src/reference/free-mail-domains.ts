import { createRequire } from 'node:module';

let domains: ReadonlySet<string> | undefined;

/** Free-mail domains from the maintained `email-providers` list (loaded once, lower-cased). */
export function freeMailDomains(): ReadonlySet<string> {
  if (!domains) {
    const list = createRequire(__filename)('email-providers/all.json') as string[];
    domains = new Set(list.map((domain) => domain.toLowerCase()));
  }
  return domains;
}
