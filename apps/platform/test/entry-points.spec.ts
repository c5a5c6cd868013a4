import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const APPS = join(__dirname, '..', '..');

/**
 * Tracing starts before anything it instruments loads (docs/operations.md, Tracing): every app's
 * main.ts imports its tracing.ts first, and that names the app as the default service.name.
 */
describe('every entry point starts tracing first', () => {
  const apps = readdirSync(APPS).filter((app) => existsSync(join(APPS, app, 'src', 'main.ts')));

  it('finds the apps', () => {
    expect(apps).toEqual(expect.arrayContaining(['platform', 'lead-intake', 'enrichment', 'scoring', 'routing']));
  });

  it.each(apps)('%s: main.ts imports ./tracing before anything else, and it starts tracing as the app', (app) => {
    const main = readFileSync(join(APPS, app, 'src', 'main.ts'), 'utf8');
    const firstImport = main.split('\n').find((line) => line.startsWith('import '));
    expect(firstImport).toBe("import './tracing';");
    const tracing = readFileSync(join(APPS, app, 'src', 'tracing.ts'), 'utf8');
    expect(tracing).toContain(`startTracing('${app}');`);
  });
});
