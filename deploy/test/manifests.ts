import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

export const ROOT = join(__dirname, '..', '..');
export const SERVICES = [
  'lead-intake',
  'enrichment',
  'scoring',
  'routing',
  'appointments',
  'customer-success',
  'metrics',
  'policy-lab',
] as const;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** `tools/k8s/kustomize.sh deploy/k8s/<path>`: the objects `kubectl apply -k` would send. */
export function render(path: string): K8sObject[] {
  const output = execFileSync('bash', [join(ROOT, 'tools', 'k8s', 'kustomize.sh'), join(ROOT, 'deploy', 'k8s', path)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject);
}

export function ofKind<T>(objects: readonly K8sObject[], kind: string): (K8sObject & T)[] {
  return objects.filter((object) => object.kind === kind) as (K8sObject & T)[];
}

/** The pod template of a Deployment or Job. */
export function podTemplate(object: K8sObject): IPodTemplateSpec {
  return (object.spec as { template: IPodTemplateSpec }).template;
}

export function containers(object: K8sObject): IContainer[] {
  return podTemplate(object).spec?.containers ?? [];
}

/** Every setting a container can read: its env entries and the keys of the ConfigMaps and Secrets it takes whole. */
export function reachableSettings(container: IContainer, objects: readonly K8sObject[]): Set<string> {
  const keysOf = (kind: string, name: string | undefined): string[] => {
    const source = objects.find((object) => object.kind === kind && object.metadata.name === name) as { data?: object } | undefined;
    return source ? Object.keys(source.data ?? {}) : [];
  };
  const given = [
    ...(container.env ?? []).map((variable) => variable.name),
    ...(container.envFrom ?? []).flatMap((source) => [
      ...keysOf('ConfigMap', source.configMapRef?.name),
      ...keysOf('Secret', source.secretRef?.name),
    ]),
  ];
  // A setting given directly makes its file form (`<NAME>_FILE`: README, "Secrets can come from files") one the process needs not be given.
  return new Set([...given, ...given.map((setting) => `${setting}_FILE`)]);
}

const SOURCE_FILE = /\.ts$/;
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
// Sources that read settings: an EnvReader (made, or passed to a reader of some settings: http-settings.ts, kafka-security.ts), an `env` object.
const READS_ENVIRONMENT = /\bEnvReader\b|\benv\[|\benv\.[A-Z]|ENVIRONMENT_VARIABLE_NAMES = /;
/** Quoted UPPER_SNAKE words in those sources that are not settings: a PEM block's label (kafka-security.ts). */
const NOT_SETTINGS = new Set(['CERTIFICATE']);
const QUOTED_NAME = /(?<!Symbol\()'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g;
const PROPERTY_NAME = /\benv\.([A-Z][A-Z0-9_]+)/g;

/**
 * The environment variables the code reads, by reader: `platform` (libs/platform, every service)
 * or a service name (libs/services/<name>). Found in the sources that build an EnvReader or index an
 * `env` object, as the quoted UPPER_SNAKE names in them.
 */
export function settingsReadByCode(): Map<string, Set<string>> {
  const settings = new Map<string, Set<string>>();
  const libs = join(ROOT, 'libs');
  for (const path of readdirSync(libs, { recursive: true, encoding: 'utf8' })) {
    if (!SOURCE_FILE.test(path) || TEST_FILE.test(path) || path.includes('node_modules')) continue;
    const reader = path.startsWith('platform/') ? 'platform' : /^services\/([^/]+)\//.exec(path)?.[1];
    if (!reader) continue;
    const source = readFileSync(join(libs, path), 'utf8');
    if (!READS_ENVIRONMENT.test(source)) continue;
    const names = [...source.matchAll(QUOTED_NAME), ...source.matchAll(PROPERTY_NAME)]
      .map((match) => match[1])
      .filter((n) => !NOT_SETTINGS.has(n));
    settings.set(reader, new Set([...(settings.get(reader) ?? []), ...names]));
  }
  return settings;
}
