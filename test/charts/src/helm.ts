import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../../..');
export const CHART = join(ROOT, 'charts/callrecords');
// The Kubernetes version the chart is rendered for offline (the cluster test runs v1.37).
export const KUBE_VERSION = '1.37.2';
// CRD groups an offline render must assume present, as `helm install` would see them with KEDA and
// the Prometheus Operator installed.
const API_VERSIONS = ['keda.sh/v1alpha1', 'monitoring.coreos.com/v1'];

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

export interface HelmResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

let helmPath: string | undefined;

/** The real helm v4 binary, built once into the tools cache by scripts/tools/helm.sh. */
export function helmBinary(): string {
  if (!helmPath) {
    process.stderr.write('test/charts: helm from scripts/tools/helm.sh (first run builds it)\n');
    helmPath = execFileSync('bash', [join(ROOT, 'scripts/tools/helm.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  }
  return helmPath;
}

export function helm(args: readonly string[]): HelmResult {
  const result = spawnSync(helmBinary(), args, { encoding: 'utf8', cwd: ROOT });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function ciValuesFiles(): string[] {
  return readdirSync(join(CHART, 'ci'))
    .filter((file) => file.endsWith('-values.yaml'))
    .sort();
}

export function renderArgs(valuesFiles: readonly string[], sets: readonly string[] = []): string[] {
  return [
    'template',
    'rel',
    CHART,
    '--namespace',
    'callrecords',
    '--kube-version',
    KUBE_VERSION,
    ...API_VERSIONS.flatMap((api) => ['--api-versions', api]),
    ...valuesFiles.flatMap((file) => ['-f', file]),
    ...sets.flatMap((set) => ['--set', set]),
  ];
}

/** `helm template` with the chart's hooks and tests included; throws with helm's message on failure. */
export function render(valuesFiles: readonly string[], sets: readonly string[] = []): KubeObject[] {
  const result = helm(renderArgs(valuesFiles, sets));
  if (result.status !== 0) {
    throw new Error(`helm template failed: ${result.stderr}`);
  }
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** Validates objects offline (validate-manifests.mts); returns the failures. */
export function validateOffline(
  objects: readonly KubeObject[],
): { object: string; error: string }[] {
  const output = execFileSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', join(__dirname, 'validate-manifests.mts')],
    { input: JSON.stringify(objects), encoding: 'utf8', cwd: ROOT },
  );
  return JSON.parse(output) as { object: string; error: string }[];
}

export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}
