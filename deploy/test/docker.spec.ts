import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { ROOT, SERVICES } from './manifests';

const exec = promisify(execFile);
const DOCKERFILE = join(ROOT, 'deploy', 'docker', 'Dockerfile');
const COMPOSE = join(ROOT, 'docker-compose.yml');
const DCLINT = join(ROOT, 'node_modules', 'dclint', 'bin', 'dclint.cjs');

interface ComposeService {
  image?: string;
  command?: string[];
  read_only?: boolean;
  cap_drop?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

/** dclint (the Compose Specification's JSON schema, bundled): the errors in a compose file (its style warnings left out). */
async function composeSchemaErrors(file: string): Promise<string[]> {
  const result = await exec(process.execPath, [DCLINT, '--formatter', 'json', file]).catch((error: { stdout: string }) => error);
  const reports = JSON.parse(result.stdout) as { filePath: string; messages: { type: string; message: string }[] }[];
  expect(reports.map((report) => report.filePath)).toEqual([file]);
  return reports[0].messages.filter((m) => m.type === 'error').map((m) => m.message);
}

describe('the image (deploy/docker/Dockerfile)', () => {
  let dockerfile: Dockerfile;
  const instructions = (keyword: string) => dockerfile.getInstructions().filter((i) => i.getKeyword() === keyword);

  beforeAll(() => {
    dockerfile = DockerfileParser.parse(readFileSync(DOCKERFILE, 'utf8'));
  });

  it('is a valid Dockerfile', () => {
    expect(validate(readFileSync(DOCKERFILE, 'utf8')).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in stages on a current LTS Node slim image and keeps only the installed build', () => {
    const base = dockerfile
      .getARGs()
      .find((arg) => arg.getProperty()?.getName() === 'NODE_IMAGE')
      ?.getProperty()
      ?.getValue();
    expect(base).toMatch(/^node:(22|24)[.\d]*-[a-z]+-slim$/);
    expect(dockerfile.getFROMs().length).toBeGreaterThanOrEqual(2);
    const lastStage = dockerfile.getFROMs().at(-1);
    const finalCopies = dockerfile.getCOPYs().filter((copy) => copy.getRange().start.line > (lastStage?.getRange().start.line ?? 0));
    expect(finalCopies.map((copy) => copy.getFromFlag()?.getValue())).toEqual(['install']);
    expect(instructions('RUN').some((run) => run.getArgumentsContent()?.includes('npm ci --omit=dev'))).toBe(true);
  });

  it('runs node as a numeric non-root user under tini, the command choosing the service', () => {
    expect(instructions('USER').at(-1)?.getArgumentsContent()).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    const entrypoint = JSON.parse(dockerfile.getENTRYPOINTs()[0].getArgumentsContent() ?? '[]') as string[];
    // The build's entry script execs node (the embedded platform with npm start's flags): tools/build/build.int-spec.ts.
    expect(entrypoint).toEqual(['/usr/bin/tini', '--', 'sh', 'tools/start-image.sh']);
    expect(JSON.parse(dockerfile.getCMDs()[0].getArgumentsContent() ?? '[]')).toEqual(['platform']);
  });

  it('sends no dependencies, build output or git history to the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(() => {
    services = (parse(readFileSync(COMPOSE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
  });

  it('validates against the Compose Specification schema', async () => {
    expect(await composeSchemaErrors(COMPOSE)).toEqual([]);
  });

  it('is checked by a validator that rejects what the specification does not allow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-compose-'));
    try {
      writeFileSync(join(dir, 'compose.yml'), 'services:\n  api:\n    image: leadline:local\n    restart_policy: always\n');
      expect(await composeSchemaErrors(join(dir, 'compose.yml'))).toEqual([expect.stringContaining('must NOT have additional properties')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('runs the seven services from one read-only image after the migrations, on PostgreSQL and Kafka', () => {
    for (const service of SERVICES) {
      expect({ service, ...services[service] }).toEqual(
        expect.objectContaining({
          service,
          image: 'leadline:local',
          command: [service],
          read_only: true,
          cap_drop: ['ALL'],
          depends_on: { migrate: { condition: 'service_completed_successfully' }, kafka: { condition: 'service_healthy' } },
        }),
      );
    }
    expect(services.migrate).toEqual(
      expect.objectContaining({
        image: 'leadline:local',
        command: ['migrate'],
        depends_on: { postgres: { condition: 'service_healthy' } },
      }),
    );
  });

  it('runs Kafka in KRaft mode at the version CI tests against', () => {
    const script = readFileSync(join(ROOT, 'tools', 'kafka', 'local-kafka.sh'), 'utf8');
    const ciVersion = /^DEFAULT_KAFKA_VERSION=(\S+)$/m.exec(script)?.[1];
    expect(services.kafka.image).toBe(`apache/kafka:${ciVersion}`);
    expect(services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });
});
