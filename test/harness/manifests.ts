import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** A path from the repository root. */
export const repoPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
}

export interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; terminationGracePeriodSeconds?: number };
}

/** The fields of Kubernetes objects the shipping tests read; everything else is ignored. */
export interface Resource {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    template?: PodTemplate;
    selector?: Record<string, string> | { matchLabels: Record<string, string> };
    podSelector?: { matchLabels: Record<string, string> };
    ports?: { port: number; targetPort: number | string }[];
    ingress?: { from: Record<string, unknown>[]; ports: { port: number }[] }[];
    strategy?: { rollingUpdate?: { maxUnavailable?: number } };
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { resource?: { name: string; target: { averageUtilization: number } } }[];
  };
}

export const manifestFiles = readdirSync(repoPath('k8s'))
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .sort();

/** Every YAML document of a file; throws on the first syntax error. */
export function parseYamlFile(file: string): unknown[] {
  return parseAllDocuments(readFileSync(repoPath(file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return document.toJS() as unknown;
  });
}

export const resources: Resource[] = manifestFiles.flatMap((file) =>
  parseYamlFile(`k8s/${file}`).map((document) => ({ ...(document as Omit<Resource, 'file'>), file })),
);

export function resource(kind: string, name: string): Resource {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in k8s/`);
  return found;
}

/** Dockerfile instructions, line continuations joined, comments dropped. */
export function dockerInstructions(file: string): { instruction: string; args: string }[] {
  return readFileSync(repoPath(file), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}
