// Validates Kubernetes objects offline against the API schemas of kubernetes-models (the Kubernetes
// OpenAPI, compiled) and the KEDA and Prometheus Operator CRD schemas. Reads a JSON array of objects
// on stdin, prints a JSON array of { object, error } (empty when all are valid). A child process,
// since these packages are ESM-only and Jest runs the specs as CommonJS.
import { readFileSync } from 'node:fs';

interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
}
interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

// Where each API group's models live; the core group ("v1") is the folder v1.
const CRD_PACKAGES: Readonly<Record<string, string>> = {
  'keda.sh': '@kubernetes-models/keda/keda.sh',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

async function modelOf(object: KubeObject): Promise<ModelClass> {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const base = group
    ? (CRD_PACKAGES[group ?? ''] ?? `kubernetes-models/${group}`)
    : 'kubernetes-models';
  const module = (await import(`${base}/${version}/${object.kind}`)) as Record<string, ModelClass>;
  const model = module[object.kind];
  if (!model) {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  }
  return model;
}

const objects = JSON.parse(readFileSync(0, 'utf8')) as KubeObject[];
const failures: { object: string; error: string }[] = [];
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name ?? '?'}`;
  try {
    const Model = await modelOf(object);
    new Model(object).validate();
  } catch (error) {
    failures.push({ object: name, error: error instanceof Error ? error.message : String(error) });
  }
}
process.stdout.write(JSON.stringify(failures));
