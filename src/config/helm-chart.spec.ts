import { getMetadataStorage } from 'class-validator';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigMap, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { loadConfig } from './app-config';
import { EnvironmentVariables } from './env.schema';

/**
 * The Helm chart (deploy/helm/switchboard), rendered for real: test/support/helm-render is Go's
 * text/template with Sprig (Helm's template functions) and Helm's own, built from Debian's packages
 * (no Helm binary is packaged for Debian or npm), with missing keys as errors like `helm lint
 * --strict`. Every rendered object is then validated against the Kubernetes API schemas
 * (kubernetes-models: types, required fields, enums; not unknown fields) and checked against the
 * app's own configuration schema.
 */

const ROOT = resolve(__dirname, '../..');
const CHART = join(ROOT, 'deploy/helm/switchboard');

const SECRETS = {
  DATABASE_URL: 'mariadb://switchboard:db-password@mariadb:3306/switchboard',
  REDIS_URL: 'redis://redis:6379/0',
  JWT_SECRET: 'a'.repeat(64),
  REALTIME_TOKEN_SECRET: 'b'.repeat(64),
  REALTIME_API_KEY: 'c'.repeat(64),
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, string>;
}
interface Probe {
  httpGet?: { path: string; port: string };
}
interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value: string }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    securityContext: { runAsNonRoot: boolean; runAsUser: number };
    terminationGracePeriodSeconds?: number;
    volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
}
interface Workload extends K8sObject {
  spec: { replicas?: number; selector: { matchLabels: Record<string, string> }; template: PodTemplate };
}

/** The Kubernetes model that validates each kind the chart renders; a kind missing here fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const work = mkdtempSync(join(tmpdir(), 'sb-helm-'));
const renderer = join(work, 'helm-render');

/** Builds the renderer in GOPATH mode against Debian's Go sources (/usr/share/gocode). */
function buildRenderer(): void {
  execFileSync('go', ['build', '-o', renderer, './test/support/helm-render'], {
    cwd: ROOT,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(work, 'go-cache') },
    stdio: 'pipe',
  });
}

/** `helm template` with values.yaml and then `overrides` (as `-f`): the objects, and NOTES.txt. */
function render(overrides: object): { objects: K8sObject[]; notes: string } {
  const valuesFile = join(work, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(valuesFile, stringify(overrides));
  const output = JSON.parse(execFileSync(renderer, [CHART, valuesFile], { encoding: 'utf8', stdio: 'pipe' })) as { manifests: Record<string, string>; notes: string };
  const objects = Object.entries(output.manifests).flatMap(([file, text]) =>
    parseAllDocuments(text).flatMap((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
      const object = document.toJS() as K8sObject | null;
      return object ? [object] : [];
    }),
  );
  return { objects, notes: output.notes };
}

/** The template error rendering `overrides` fails with. */
function renderError(overrides: object): string {
  try {
    render(overrides);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error('expected the chart to refuse these values');
}

function find<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return object as T;
}

/** What the container's process sees: its ConfigMap and Secret (envFrom), then its own env. */
function environmentOf(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom) {
    if (source.configMapRef) Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
    if (source.secretRef) {
      const data = find(objects, 'Secret', source.secretRef.name).data ?? {};
      for (const [name, value] of Object.entries(data)) env[name] = Buffer.from(value, 'base64').toString('utf8');
    }
  }
  for (const { name, value } of container.env ?? []) env[name] = value;
  return env;
}

/** Every variable the app reads: each is declared with validators in EnvironmentVariables. */
const DECLARED_VARIABLES = new Set(getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false).map((meta) => meta.propertyName));

const containerOf = (workload: Workload): Container => workload.spec.template.spec.containers[0];
const portNamed = (container: Container, name: string): number | undefined => container.ports?.find((port) => port.name === name)?.containerPort;

describe('Helm chart deploy/helm/switchboard', () => {
  let objects: K8sObject[];
  let notes: string;

  beforeAll(() => {
    buildRenderer();
    ({ objects, notes } = render({ secrets: { values: SECRETS } }));
  }, 180_000);

  it('refuses to render without the required secrets, naming the missing one', () => {
    expect(renderError({})).toContain('secrets.values.DATABASE_URL is required');
    expect(renderError({ secrets: { values: { ...SECRETS, JWT_SECRET: '' } } })).toContain('secrets.values.JWT_SECRET is required');
  });

  it('renders only objects that are valid against the Kubernetes API schemas', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ConfigMap/switchboard',
      'Deployment/switchboard-web',
      'Deployment/switchboard-worker',
      'HorizontalPodAutoscaler/switchboard-web',
      'HorizontalPodAutoscaler/switchboard-worker',
      'Ingress/switchboard',
      'Job/switchboard-migrate',
      'PersistentVolumeClaim/switchboard-storage',
      'PodDisruptionBudget/switchboard-web',
      'PodDisruptionBudget/switchboard-worker',
      'Secret/switchboard',
      'Service/switchboard-web',
      'ServiceAccount/switchboard',
    ]);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) throw new Error(`no schema model for ${object.apiVersion} ${object.kind}`);
      expect(() => new Model(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it('schema validation does catch a malformed object (the check above can fail)', () => {
    const web = structuredClone(find<Workload>(objects, 'Deployment', 'switchboard-web'));
    (containerOf(web).ports![0] as { containerPort: unknown }).containerPort = 'http';
    expect(() => new Deployment(web as never).validate()).toThrow(/containerPort/);
  });

  it('sets only variables the app declares (src/config/env.schema.ts)', () => {
    const values = parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { config: object; secrets: { values: object }; worker: { env: object } };
    const names = [
      ...Object.keys(values.config),
      ...Object.keys(values.secrets.values),
      ...Object.keys(values.worker.env),
      ...objects.flatMap((object) => (object.kind === 'ConfigMap' || object.kind === 'Secret' ? Object.keys(object.data ?? {}) : [])),
      ...(['switchboard-web', 'switchboard-worker'] as const).flatMap((name) => (containerOf(find<Workload>(objects, 'Deployment', name)).env ?? []).map((env) => env.name)),
    ];
    expect(names.filter((name) => !DECLARED_VARIABLES.has(name))).toEqual([]);
  });

  it.each([
    ['switchboard-web', 'web'],
    ['switchboard-worker', 'worker'],
  ] as const)('starts %s in production as %s, with the same secrets as every other pod', (name, role) => {
    const container = containerOf(find<Workload>(objects, 'Deployment', name));
    const config = loadConfig(environmentOf(objects, container));
    expect(config).toMatchObject({ role, isProduction: true, http: { appUrl: 'https://switchboard.example.com', trustProxy: true } });
    expect(config.auth.jwtSecret).toBe(SECRETS.JWT_SECRET);
    expect(config.realtime).toMatchObject({ tokenSecret: SECRETS.REALTIME_TOKEN_SECRET, apiKey: SECRETS.REALTIME_API_KEY, publicWsUrl: 'wss://switchboard.example.com/connection/websocket' });
    expect(config.database.url).toBe(SECRETS.DATABASE_URL);
  });

  it('probes the web pods on /api/health at the port the app listens on, the workers on their liveness port', () => {
    const web = containerOf(find<Workload>(objects, 'Deployment', 'switchboard-web'));
    const webConfig = loadConfig(environmentOf(objects, web));
    expect(portNamed(web, 'http')).toBe(webConfig.http.port);
    for (const probe of [web.startupProbe, web.readinessProbe, web.livenessProbe]) expect(probe?.httpGet).toEqual({ path: '/api/health', port: 'http' });

    const worker = containerOf(find<Workload>(objects, 'Deployment', 'switchboard-worker'));
    const workerConfig = loadConfig(environmentOf(objects, worker));
    expect(workerConfig.worker.healthPort).toBeGreaterThan(0);
    expect(portNamed(worker, 'health')).toBe(workerConfig.worker.healthPort);
    for (const probe of [worker.startupProbe, worker.livenessProbe]) expect(probe?.httpGet).toEqual({ path: '/health', port: 'health' });
  });

  it('serves metrics on every pod where the scrape annotations point, reachable from the scraper', () => {
    for (const name of ['switchboard-web', 'switchboard-worker']) {
      const pod = find<Workload>(objects, 'Deployment', name).spec.template;
      const container = pod.spec.containers[0];
      const { metrics } = loadConfig(environmentOf(objects, container));
      expect(metrics).toEqual({ port: portNamed(container, 'metrics'), host: '0.0.0.0' });
      expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metrics.port), 'prometheus.io/path': '/metrics' });
    }
    const servicePorts = (find(objects, 'Service', 'switchboard-web').spec as { ports: { targetPort: string }[] }).ports;
    expect(servicePorts.map((port) => port.targetPort)).toEqual(['http']);
  });

  it('gives pods longer than their drain and shutdown before the kubelet kills them', () => {
    for (const name of ['switchboard-web', 'switchboard-worker']) {
      const pod = find<Workload>(objects, 'Deployment', name).spec.template;
      const config = loadConfig(environmentOf(objects, pod.spec.containers[0]));
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(config.shutdownDrainDelayMs / 1000 + config.shutdownTimeoutS);
    }
    expect(loadConfig(environmentOf(objects, containerOf(find<Workload>(objects, 'Deployment', 'switchboard-web')))).shutdownDrainDelayMs).toBeGreaterThan(0);
  });

  it('runs non-root on a read-only root, with the storage claim at STORAGE_DIR and a writable /tmp', () => {
    for (const name of ['switchboard-web', 'switchboard-worker']) {
      const pod = find<Workload>(objects, 'Deployment', name).spec.template;
      const container = pod.spec.containers[0];
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      const storageDir = loadConfig(environmentOf(objects, container)).storage.dir;
      expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'storage', mountPath: storageDir }, { name: 'tmp', mountPath: '/tmp' }]));
      expect(pod.spec.volumes).toContainEqual({ name: 'storage', persistentVolumeClaim: { claimName: 'switchboard-storage' } });
    }
    expect(find(objects, 'PersistentVolumeClaim', 'switchboard-storage').spec).toMatchObject({ accessModes: ['ReadWriteMany'] });
  });

  it('migrates before install and upgrade with the built runner the image ships, after its config exists', () => {
    const job = find<Workload>(objects, 'Job', 'switchboard-migrate');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
    expect(containerOf(job).command).toEqual(['node', 'dist/migrate.js']);
    // dist/migrate.js is src/migrate.ts built (tsconfig.build.json: rootDir src, outDir dist).
    expect(existsSync(join(ROOT, 'src/migrate.ts'))).toBe(true);
    const jobWeight = Number(job.metadata.annotations?.['helm.sh/hook-weight']);
    for (const kind of ['ConfigMap', 'Secret']) {
      const source = find(objects, kind, 'switchboard');
      expect(source.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(Number(source.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(jobWeight);
    }
    expect(loadConfig(environmentOf(objects, containerOf(job))).database.url).toBe(SECRETS.DATABASE_URL);
  });

  it('routes the ingress to the web Service, keeps streams and sockets open past 60 s and SSE unbuffered', () => {
    const ingress = find(objects, 'Ingress', 'switchboard');
    const annotations = ingress.metadata.annotations ?? {};
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThan(60);
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThan(60);
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(Object.keys(annotations).filter((name) => /affinity|sticky/.test(name))).toEqual([]);
    expect(ingress.spec).toMatchObject({
      rules: [{ host: 'switchboard.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'switchboard-web', port: { name: 'http' } } } }] } }],
      tls: [{ hosts: ['switchboard.example.com'] }],
    });
    const service = find(objects, 'Service', 'switchboard-web').spec as { selector: Record<string, string>; sessionAffinity: string };
    expect(service.sessionAffinity).toBe('None');
    expect(find<Workload>(objects, 'Deployment', 'switchboard-web').spec.template.metadata.labels).toMatchObject(service.selector);
  });

  it('autoscales both Deployments (which then leave the replica count to the HPA) and bounds their disruption', () => {
    for (const name of ['switchboard-web', 'switchboard-worker']) {
      const deployment = find<Workload>(objects, 'Deployment', name);
      expect(deployment.spec.replicas).toBeUndefined();
      expect(find(objects, 'HorizontalPodAutoscaler', name).spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name } });
      const pdb = find(objects, 'PodDisruptionBudget', name).spec as { selector: { matchLabels: Record<string, string> } };
      expect(pdb.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    }
    const fixed = render({ secrets: { values: SECRETS }, web: { autoscaling: { enabled: false } }, worker: { autoscaling: { enabled: false } } }).objects;
    expect(fixed.some((object) => object.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(find<Workload>(fixed, 'Deployment', 'switchboard-web').spec.replicas).toBe(3);
    expect(find<Workload>(fixed, 'Deployment', 'switchboard-worker').spec.replicas).toBe(2);
  });

  it('rolls the pods when the config or the secrets change', () => {
    const checksums = (rendered: K8sObject[]): Record<string, string> => {
      const annotations = find<Workload>(rendered, 'Deployment', 'switchboard-web').spec.template.metadata.annotations ?? {};
      return { config: annotations['checksum/config'], secret: annotations['checksum/secret'] };
    };
    const before = checksums(objects);
    const rotated = checksums(render({ secrets: { values: { ...SECRETS, JWT_SECRET: 'd'.repeat(64) } } }).objects);
    expect(rotated.secret).not.toBe(before.secret);
    expect(rotated.config).toBe(before.config);
    expect(checksums(render({ secrets: { values: SECRETS }, config: { LOG_LEVEL: 'debug' } }).objects).config).not.toBe(before.config);
  });

  it('uses a Secret the operator manages instead of creating one', () => {
    const rendered = render({ secrets: { existingSecret: 'switchboard-prod' } }).objects;
    expect(rendered.some((object) => object.kind === 'Secret')).toBe(false);
    for (const name of ['switchboard-web', 'switchboard-worker']) {
      expect(containerOf(find<Workload>(rendered, 'Deployment', name)).envFrom).toContainEqual({ secretRef: { name: 'switchboard-prod' } });
    }
  });

  it('derives the public URL, origins and WebSocket URL from publicUrl, and config overrides them', () => {
    const rendered = render({ secrets: { values: SECRETS }, publicUrl: 'http://chat.internal:8080', config: { REALTIME_ALLOWED_ORIGINS: 'https://a.example,https://b.example' } }).objects;
    const web = containerOf(find<Workload>(rendered, 'Deployment', 'switchboard-web'));
    const env = environmentOf(rendered, web);
    expect(env).toMatchObject({ APP_URL: 'http://chat.internal:8080', REALTIME_PUBLIC_WS_URL: 'ws://chat.internal:8080/connection/websocket', REALTIME_ALLOWED_ORIGINS: 'https://a.example,https://b.example' });
    expect(find(rendered, 'Ingress', 'switchboard').spec).toMatchObject({ rules: [{ host: 'chat.internal' }] });
  });

  it('renders valid objects with every optional part switched off', () => {
    const { objects: minimal, notes: minimalNotes } = render({
      secrets: { values: SECRETS },
      metrics: { enabled: false },
      storage: { persistence: { enabled: false } },
      ingress: { enabled: false },
      migrations: { enabled: false },
      serviceAccount: { create: false },
      web: { autoscaling: { enabled: false }, podDisruptionBudget: { enabled: false } },
      worker: { autoscaling: { enabled: false }, podDisruptionBudget: { enabled: false } },
    });
    expect(minimal.map((object) => object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'Secret', 'Service']);
    for (const object of minimal) expect(() => new MODELS[`${object.apiVersion}/${object.kind}`](object as never).validate()).not.toThrow();
    const web = find<Workload>(minimal, 'Deployment', 'switchboard-web').spec.template;
    expect(web.spec.volumes).toContainEqual({ name: 'storage', emptyDir: {} });
    expect(web.metadata.annotations).not.toHaveProperty('prometheus.io/scrape');
    expect(loadConfig(environmentOf(minimal, web.spec.containers[0])).metrics.port).toBe(0);
    expect(minimalNotes).toContain('no ingress: bring your own load balancer');
  });

  it('tells the operator how to check the release', () => {
    expect(notes).toContain('kubectl --namespace default rollout status deployment/switchboard-web');
    expect(notes).toContain('Migrations ran in the Job switchboard-migrate');
  });
});
