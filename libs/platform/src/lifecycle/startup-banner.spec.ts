import { loadConfig } from '../config';
import { startupBanner } from './startup-banner';

const URL = 'http://localhost:3000';
const ALL = ['lead-intake', 'enrichment', 'scoring', 'routing'];

describe('the start-up banner', () => {
  it('on the embedded first start: the URL, the docs, the admin key file and a curl that reads it', () => {
    const banner = startupBanner(URL, loadConfig({}, { cwd: '/srv/leadline' }), ALL, '/srv/leadline');
    expect(banner).toContain('Leadline is ready at http://localhost:3000');
    expect(banner).toContain('API docs    http://localhost:3000/docs');
    expect(banner).toContain('Admin key   .leadline-data/admin-key');
    expect(banner).toContain(`curl -X POST http://localhost:3000/leads -H "authorization: Bearer $(cat .leadline-data/admin-key)"`);
    expect(JSON.parse(banner.match(/-d '(.*)'/)?.[1] ?? '')).toMatchObject({ source: 'demo-request', consent: true });
    expect(banner.split('\n').length).toBeLessThanOrEqual(12);
  });

  it('names the configured key or says auth is off, and shows no curl where leads are not captured', () => {
    const key = `ll_${'0'.repeat(16)}_${'a'.repeat(43)}`;
    expect(startupBanner(URL, loadConfig({ AUTH_ADMIN_KEY: key }), ALL)).toContain('-H "authorization: Bearer $AUTH_ADMIN_KEY"');
    expect(startupBanner(URL, loadConfig({ AUTH_ADMIN_KEY: key }), ALL)).not.toContain(key);
    const open = startupBanner(URL, loadConfig({ AUTH_DISABLED: 'true' }), ALL);
    expect(open).toContain('AUTH_DISABLED=true');
    expect(open).not.toContain('authorization');
    expect(startupBanner(URL, loadConfig({}), ['routing'])).not.toContain('curl');
  });
});
