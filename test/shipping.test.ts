import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlEnvSchema } from '../control/config.js';
import { proxyEnvSchema } from '../proxy/config/schema.js';
import { RouteMatcher } from '../proxy/routes/compile.js';
import { proxyNodeFlags } from '../proxy/runtime/heap.js';
import {
  type Container,
  dockerInstructions,
  manifestFiles,
  parseYamlFile,
  type Resource,
  repoPath,
  resource,
  resources,
} from './harness/manifests.js';

const secret = 'x'.repeat(32);

/** What each shipped process must agree on across its image, manifests and config schema. */
const components = {
  proxy: {
    deployment: 'goalixa-bff-proxy',
    /** One bundled file: it starts faster than the module tree under dist/proxy. */
    entryPoint: 'dist/bundle/proxy.js',
    nodeFlags: proxyNodeFlags,
    envKeys: Object.keys(proxyEnvSchema.shape),
    defaultPort: proxyEnvSchema.parse({ AUTH_JWT_SECRET: secret }).PORT,
    portVariable: 'PORT',
  },
  control: {
    deployment: 'goalixa-bff-control',
    entryPoint: 'dist/control/main.js',
    nodeFlags: [],
    envKeys: Object.keys(controlEnvSchema.shape),
    defaultPort: controlEnvSchema.parse({ CONTROL_ADMIN_TOKEN: secret }).CONTROL_PORT,
    portVariable: 'CONTROL_PORT',
  },
} as const;

const containerOf = (deployment: Resource): Container => deployment.spec!.template!.spec.containers[0];

/** Every variable a container gets: its ConfigMaps' keys and its own `env` entries. */
function envNames(container: Container): string[] {
  const fromConfigMaps = (container.envFrom ?? []).flatMap((source) => {
    expect(source.secretRef, 'secrets are named one by one, so the test can see them').toBeUndefined();
    return Object.keys(resource('ConfigMap', source.configMapRef!.name).data ?? {});
  });
  return [...fromConfigMaps, ...(container.env ?? []).map((entry) => entry.name)];
}

function configValue(container: Container, name: string): string | undefined {
  for (const source of container.envFrom ?? []) {
    const value = resource('ConfigMap', source.configMapRef!.name).data?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

describe('kubernetes manifests', () => {
  it('parse as YAML, each a named Kubernetes object', () => {
    expect(manifestFiles.length).toBeGreaterThanOrEqual(10);
    for (const r of resources) {
      expect(r.apiVersion, r.file).toBeTruthy();
      expect(r.kind, r.file).toBeTruthy();
      expect(r.metadata.name, r.file).toBeTruthy();
    }
  });

  it('are all listed in kustomization.yaml, which lists nothing else', () => {
    const [kustomization] = parseYamlFile('k8s/kustomization.yaml') as { resources: string[] }[];
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
  });

  for (const [name, component] of Object.entries(components)) {
    describe(name, () => {
      const deployment = resource('Deployment', component.deployment);
      const container = containerOf(deployment);
      const port = container.ports![0].containerPort;

      it('sets only environment variables its config schema knows', () => {
        const names = envNames(container);
        expect(names.length).toBeGreaterThan(3);
        for (const variable of names) expect(component.envKeys, variable).toContain(variable);
      });

      it('agrees on one port: server default, config, containerPort, Service, probes and scrape annotation', () => {
        expect(port).toBe(component.defaultPort);
        expect(Number(configValue(container, component.portVariable) ?? port)).toBe(port);
        const service = resource('Service', component.deployment);
        expect(service.spec!.ports!.map((p) => p.targetPort)).toEqual([port]);
        expect(deployment.spec!.template!.metadata.annotations).toMatchObject({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': '/metrics',
        });
        for (const probe of [container.livenessProbe, container.readinessProbe]) {
          const probePort = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          expect([port, container.ports![0].name]).toContain(probePort);
        }
      });

      it('runs an image built by a Dockerfile of this repository', () => {
        expect(container.image).toBe(`goalixa-bff-${name}`);
        expect(existsSync(repoPath(`Dockerfile.${name}`))).toBe(true);
        const [kustomization] = parseYamlFile('k8s/kustomization.yaml') as { images: { name: string }[] }[];
        expect(kustomization.images.map((image) => image.name)).toContain(container.image);
      });
    });
  }

  it('probes the proxy on public routes it serves, at the seed intervals', () => {
    const container = containerOf(resource('Deployment', 'goalixa-bff-proxy'));
    const matcher = new RouteMatcher();
    for (const probe of [container.livenessProbe!, container.readinessProbe!]) {
      const match = matcher.match('GET', probe.httpGet!.path);
      expect(match.kind, probe.httpGet!.path).toBe('found');
      if (match.kind === 'found') expect(match.route.spec.access).toBe('public');
    }
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/liveness' },
      periodSeconds: 30,
      timeoutSeconds: 5,
    });
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/readiness' },
      periodSeconds: 10,
      timeoutSeconds: 3,
    });
  });

  it('gives the proxy longer to stop than the preStop pause plus the drain, and never fewer ready pods', () => {
    const deployment = resource('Deployment', 'goalixa-bff-proxy');
    const container = containerOf(deployment);
    const [, pause] = container.lifecycle!.preStop!.exec!.command;
    const drainMs = Number(
      configValue(container, 'SHUTDOWN_TIMEOUT_MS') ??
        proxyEnvSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined),
    );
    expect(deployment.spec!.template!.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(pause) + drainMs / 1000,
    );
    expect(deployment.spec!.strategy!.rollingUpdate!.maxUnavailable).toBe(0);
    expect(deployment.spec!.replicas).toBe(3);
  });

  it('scales the proxy 3–10 at 70 % CPU and keeps two pods through voluntary disruptions', () => {
    const hpa = resource('HorizontalPodAutoscaler', 'goalixa-bff-proxy');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'goalixa-bff-proxy' },
      minReplicas: 3,
      maxReplicas: 10,
    });
    expect(hpa.spec!.metrics![0].resource).toMatchObject({ name: 'cpu', target: { averageUtilization: 70 } });
    const podLabels = resource('Deployment', 'goalixa-bff-proxy').spec!.template!.metadata.labels!;
    const pdb = resource('PodDisruptionBudget', 'goalixa-bff-proxy');
    expect(podLabels).toMatchObject(
      (pdb.spec!.selector as { matchLabels: Record<string, string> }).matchLabels,
    );
  });

  it('admits connections to control only on its port', () => {
    const policy = resource('NetworkPolicy', 'goalixa-bff-control');
    const controlLabels = resource('Deployment', 'goalixa-bff-control').spec!.template!.metadata.labels!;
    expect(controlLabels).toMatchObject(policy.spec!.podSelector!.matchLabels);
    for (const rule of policy.spec!.ingress!)
      expect(rule.ports.map((p) => p.port)).toEqual([components.control.defaultPort]);
    expect(policy.spec!.ingress![0].from).toEqual([{ podSelector: {} }]);
  });
});

describe('Dockerfiles', () => {
  for (const [name, component] of Object.entries(components)) {
    const file = `Dockerfile.${name}`;
    const steps = dockerInstructions(file);
    const args = (instruction: string) =>
      steps.filter((s) => s.instruction === instruction).map((s) => s.args);
    const finalStage = steps.slice(steps.findLastIndex((s) => s.instruction === 'FROM'));

    it(`${file} starts, in exec form, an entry point that npm run build produces, with the node flags it is measured with`, () => {
      const [cmd] = args('CMD');
      const argv = JSON.parse(cmd) as string[];
      expect(argv).toEqual(['node', ...component.nodeFlags, component.entryPoint]);
      const { entryPoint } = component;
      expect(existsSync(repoPath(entryPoint)), `${entryPoint} (run npm run build)`).toBe(true);
    });

    it(`${file} builds in one stage and ships production dependencies only, unprivileged`, () => {
      expect(args('FROM').length).toBeGreaterThanOrEqual(2);
      for (const from of args('FROM')) expect(from).toMatch(/^node:2[2-9]-[a-z]+-slim\b/);
      expect(finalStage.some((s) => s.instruction === 'RUN' && s.args.includes('npm ci --omit=dev'))).toBe(
        true,
      );
      expect(finalStage.find((s) => s.instruction === 'USER')?.args).toBe('node');
      expect(args('EXPOSE')).toEqual([String(component.defaultPort)]);
      expect(args('HEALTHCHECK')[0]).toContain('/health');
    });
  }

  it('.dockerignore keeps dependencies, build output and git history out of the build context', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});
