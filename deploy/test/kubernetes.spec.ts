import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { containers, ofKind, podTemplate, reachableSettings, render, SERVICES, settingsReadByCode, type K8sObject } from './manifests';

interface Model {
  validate(): void;
}
type ModelClass = new (data: K8sObject) => Model;

/** The kubernetes-models class of the object's kind: its JSON schema is the Kubernetes 1.33 OpenAPI one. */
async function modelOf(object: K8sObject): Promise<ModelClass | undefined> {
  const models = (await import(`kubernetes-models/${object.apiVersion}`)) as Record<string, ModelClass | undefined>;
  return models[object.kind];
}

/** kustomize wraps long base64 values over lines; the API server's decoder skips line breaks, the schema's "byte" format does not. */
function unwrapped(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.entries(object.data as Record<string, string>).map(([key, value]) => [key, value.replace(/\n/g, '')]);
  return { ...object, data: Object.fromEntries(data) };
}

/** Schema problems of one object, or its kind when the Kubernetes API has no such kind. */
async function schemaProblems(object: K8sObject): Promise<string | undefined> {
  const Model = await modelOf(object).catch(() => undefined);
  if (!Model) return `${object.apiVersion} ${object.kind}: not a Kubernetes API kind`;
  try {
    new Model(unwrapped(object)).validate();
    return undefined;
  } catch (error) {
    return `${object.kind} ${object.metadata.name}: ${(error as Error).message}`;
  }
}

const workloads = (objects: readonly K8sObject[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
const name = (object: K8sObject) => object.metadata.name;
const withoutHash = (generated: string | undefined) => generated?.replace(/-[a-z0-9]{10}$/, '');

describe.each(['dev', 'prod'])('the %s overlay', (overlay) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = render(`overlays/${overlay}`);
  }, 180_000);

  it('renders a Deployment and a Service per service and the migrations Job', () => {
    expect(ofKind(objects, 'Deployment').map(name).sort()).toEqual([...SERVICES].sort());
    expect(ofKind(objects, 'Service').map(name).sort()).toEqual([...SERVICES].sort());
    expect(ofKind(objects, 'Job').flatMap((job) => containers(job).map((c) => c.args))).toEqual([['migrate']]);
  });

  it('validates every object against the Kubernetes API schemas', async () => {
    const problems = await Promise.all(objects.map(schemaProblems));
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('pins the image in the overlay', () => {
    for (const workload of workloads(objects)) {
      for (const { image } of containers(workload)) expect(image).toMatch(/^[^:@]+(:(?!latest$)[\w.-]+|@sha256:[a-f0-9]{64})$/);
    }
  });

  it('gives every service every setting its code reads, through its env, ConfigMaps and Secrets', () => {
    const read = settingsReadByCode();
    // Sanity floor: the scan of the code found the settings (a broken scan would make this test vacuous).
    expect([...(read.get('platform') ?? [])]).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL']));
    expect([...(read.get('routing') ?? [])]).toEqual(expect.arrayContaining(['SMTP_PASSWORD', 'ROUTING_SLA_MINUTES']));
    // The embedded runner's own settings: a service of its own on PostgreSQL and Kafka has no data folder and runs itself only.
    const embeddedOnly = new Set(['DATA_DIR', 'SERVICES']);
    // Production Secrets live outside git under the names dev generates hers from (overlays/dev/secrets).
    const secretKeys = overlay === 'prod' ? render('overlays/dev').filter((o) => o.kind === 'Secret') : [];
    for (const service of SERVICES) {
      const [deployment] = ofKind(objects, 'Deployment').filter((d) => name(d) === service);
      const [container] = containers(deployment);
      const secrets = secretKeys.map((secret) => ({ ...secret, metadata: { name: withoutHash(name(secret)) ?? '' } }));
      const reachable = reachableSettings(container, [...objects, ...secrets]);
      const wanted = [...(read.get('platform') ?? []), ...(read.get(service) ?? [])].filter((setting) => !embeddedOnly.has(setting));
      expect({ service, missing: wanted.filter((setting) => !reachable.has(setting)) }).toEqual({ service, missing: [] });
    }
  });
});

describe('the small overlay: the services in two processes (SERVICES)', () => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = render('overlays/small');
  }, 180_000);

  /** SERVICES of a Deployment's container, as a list. */
  const hosted = (deployment: K8sObject): string[] =>
    (containers(deployment)[0].env?.find((variable) => variable.name === 'SERVICES')?.value ?? '').split(',');

  it('runs every service exactly once, in two platform processes, and keeps a Service per service sending to its host', () => {
    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.map(name).sort()).toEqual(['back-office', 'line']);
    for (const deployment of deployments) expect(containers(deployment).map((c) => c.args)).toEqual([['platform']]);
    const line = deployments.find((d) => name(d) === 'line');
    expect(line && hosted(line)).toEqual(['lead-intake', 'enrichment', 'scoring', 'routing']);
    expect(deployments.flatMap(hosted).sort()).toEqual([...SERVICES].sort());
    // Callers keep the service names: each Service selects the pods of the Deployment that hosts the service.
    for (const service of ofKind<{ spec: { selector: Record<string, string> } }>(objects, 'Service')) {
      const [host] = deployments.filter((d) => hosted(d).includes(name(service)));
      const podLabels = podTemplate(host).metadata?.labels ?? {};
      expect({ service: name(service), selects: service.spec.selector }).toEqual({
        service: name(service),
        selects: { 'app.kubernetes.io/name': podLabels['app.kubernetes.io/name'] },
      });
      expect(podLabels['app.kubernetes.io/name']).toBe(name(host));
    }
  });

  it('validates every object against the Kubernetes API schemas', async () => {
    const problems = await Promise.all(objects.map(schemaProblems));
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it("gives each process every setting its services' code reads", () => {
    const read = settingsReadByCode();
    for (const deployment of ofKind(objects, 'Deployment')) {
      const reachable = reachableSettings(containers(deployment)[0], objects);
      const wanted = [...(read.get('platform') ?? []), ...hosted(deployment).flatMap((service) => [...(read.get(service) ?? [])])].filter(
        (setting) => setting !== 'DATA_DIR',
      );
      expect({ deployment: name(deployment), missing: wanted.filter((setting) => !reachable.has(setting)) }).toEqual({
        deployment: name(deployment),
        missing: [],
      });
    }
  });
});

describe('the prod overlay is hardened', () => {
  let objects: K8sObject[];
  let deployments: K8sObject[];

  beforeAll(() => {
    objects = render('overlays/prod');
    deployments = ofKind(objects, 'Deployment');
  }, 180_000);

  const everyContainer = () => workloads(objects).flatMap((workload) => containers(workload).map((container) => ({ workload, container })));

  it('runs every container as non-root with a read-only root filesystem, no privilege escalation and no capabilities', () => {
    for (const { workload, container } of everyContainer()) {
      const pod = podTemplate(workload).spec?.securityContext;
      const own = container.securityContext;
      expect({ workload: name(workload), nonRoot: own?.runAsNonRoot ?? pod?.runAsNonRoot, uid: own?.runAsUser ?? pod?.runAsUser }).toEqual({
        workload: name(workload),
        nonRoot: true,
        uid: expect.any(Number),
      });
      expect(own?.runAsUser ?? pod?.runAsUser).toBeGreaterThan(0);
      expect(own).toEqual(
        expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
      );
      expect(pod?.seccompProfile?.type).toBe('RuntimeDefault');
    }
  });

  it('sets CPU and memory requests and limits on every container', () => {
    for (const { container } of everyContainer()) {
      const { requests, limits } = container.resources ?? {};
      expect([container.name, Object.keys(requests ?? {}).sort(), Object.keys(limits ?? {}).sort()]).toEqual([
        container.name,
        ['cpu', 'memory'],
        ['cpu', 'memory'],
      ]);
    }
  });

  it('keeps at least two replicas of every service: an autoscaler from two, no fixed count, a disruption budget of one', () => {
    const autoscalers = ofKind<{ spec: IHorizontalPodAutoscaler['spec'] }>(objects, 'HorizontalPodAutoscaler');
    const budgets = ofKind<{ spec: IPodDisruptionBudget['spec'] }>(objects, 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const labels = podTemplate(deployment).metadata?.labels ?? {};
      const scalers = autoscalers.filter(
        (hpa) => hpa.spec?.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === name(deployment),
      );
      expect(scalers.map((hpa) => hpa.spec?.minReplicas)).toEqual([expect.any(Number)]);
      expect(scalers[0].spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect((deployment.spec as { replicas?: number }).replicas).toBeUndefined();
      const covering = budgets.filter((pdb) =>
        Object.entries(pdb.spec?.selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value),
      );
      expect(covering.map((pdb) => pdb.spec?.maxUnavailable ?? pdb.spec?.minAvailable)).toEqual([1]);
    }
  });

  it('probes /health for start-up and liveness and /ready for readiness, on the container port', () => {
    for (const deployment of deployments) {
      const [container] = containers(deployment);
      const port = (probe: IContainer['readinessProbe']) => probe?.httpGet?.port;
      expect({
        startup: container.startupProbe?.httpGet?.path,
        liveness: container.livenessProbe?.httpGet?.path,
        readiness: container.readinessProbe?.httpGet?.path,
      }).toEqual({ startup: '/health', liveness: '/health', readiness: '/ready' });
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        expect(container.ports?.map((p) => p.name)).toContain(port(probe));
      }
    }
  });

  it('drains before SIGKILL: preStop, then a grace period longer than it', () => {
    for (const deployment of deployments) {
      const [container] = containers(deployment);
      const sleep = Number(container.lifecycle?.preStop?.exec?.command?.at(-1));
      expect(sleep).toBeGreaterThan(0);
      expect(podTemplate(deployment).spec?.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(sleep + 20);
    }
  });

  it('spreads each service over nodes and zones', () => {
    for (const deployment of deployments) {
      const keys = (podTemplate(deployment).spec?.topologySpreadConstraints ?? []).map((constraint) => constraint.topologyKey);
      expect(keys.sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    }
  });

  it('denies all traffic by default and lets no policy open every port', () => {
    const policies = ofKind<{ spec: INetworkPolicy['spec'] }>(objects, 'NetworkPolicy');
    expect(policies.find((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0)?.spec?.policyTypes?.sort()).toEqual([
      'Egress',
      'Ingress',
    ]);
    for (const policy of policies) {
      for (const rule of [...(policy.spec?.ingress ?? []), ...(policy.spec?.egress ?? [])]) expect(rule.ports?.length).toBeGreaterThan(0);
    }
  });

  it('leaves the migrations to the Job: every service only checks the schema version at start', () => {
    for (const deployment of deployments) {
      const [container] = containers(deployment);
      const configMaps = (container.envFrom ?? []).flatMap((source) =>
        ofKind<{ data?: Record<string, string> }>(objects, 'ConfigMap').filter((map) => name(map) === source.configMapRef?.name),
      );
      const values = configMaps.map((map) => map.data?.MIGRATE_ON_START).filter((value) => value !== undefined);
      expect({ service: name(deployment), MIGRATE_ON_START: values }).toEqual({ service: name(deployment), MIGRATE_ON_START: ['false'] });
    }
    const [job] = ofKind(objects, 'Job');
    expect(containers(job)[0].args).toEqual(['migrate']);
  });

  it('announces the Prometheus endpoint on every service pod', () => {
    for (const deployment of deployments) {
      expect(podTemplate(deployment).metadata?.annotations).toEqual(
        expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9464', 'prometheus.io/path': '/metrics' }),
      );
    }
  });
});
