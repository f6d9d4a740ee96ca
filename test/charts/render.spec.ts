// Real helm renders every ci/*-values.yaml; each object is validated offline against the Kubernetes
// API schemas (and the KEDA and ServiceMonitor CRD schemas), and the security and probe defaults,
// singletons and optional objects are checked on what Kubernetes would receive.
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from '@jest/globals';

import {
  CHART,
  ciValuesFiles,
  helm,
  helmBinary,
  ofKind,
  render,
  validateOffline,
} from './src/helm';
import type { KubeObject } from './src/helm';

const ci = (file: string): string => join(CHART, 'ci', file);
const COMPONENTS = ['ingestion', 'fetcher', 'report-poller', 'indexer', 'aggregator', 'gateway'];

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  securityContext: Record<string, unknown>;
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  automountServiceAccountToken: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; projected?: { sources: { secret: { name: string } }[] } }[];
}
interface DeploymentSpec {
  replicas?: number;
  strategy: { type: string };
  template: { metadata: { annotations: Record<string, string> }; spec: PodSpec };
}

const spec = <T>(object: KubeObject | undefined): T => (object as unknown as { spec: T }).spec;
const named = (objects: KubeObject[], kind: string, name: string): KubeObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const deployment = (objects: KubeObject[], component: string): DeploymentSpec =>
  spec<DeploymentSpec>(named(objects, 'Deployment', `rel-callrecords-${component}`));
const configData = (objects: KubeObject[], component: string): Record<string, string> =>
  (
    named(objects, 'ConfigMap', `rel-callrecords-${component}`) as unknown as {
      data: Record<string, string>;
    }
  ).data;

beforeAll(() => {
  helmBinary();
}, 1_200_000);

describe.each(ciValuesFiles())('ci/%s', (file) => {
  it('passes helm lint --strict', () => {
    const result = helm(['lint', '--strict', CHART, '-f', ci(file), '--kube-version', '1.37.2']);

    expect(result.stderr + result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it('renders only objects that match the Kubernetes and CRD schemas', () => {
    const objects = render([ci(file)]);

    expect(objects.length).toBeGreaterThan(20);
    expect(validateOffline(objects)).toEqual([]);
  });

  it('runs every pod non-root, read-only, without capabilities or a service-account token', () => {
    const pods = render([ci(file)]).flatMap((o) =>
      o.kind === 'Deployment' || o.kind === 'Job'
        ? [spec<{ template: { spec: PodSpec } }>(o).template.spec]
        : o.kind === 'Pod'
          ? [spec<PodSpec>(o)]
          : [],
    );

    expect(pods.length).toBeGreaterThanOrEqual(7);
    for (const pod of pods) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.resources.requests).toBeDefined();
      }
    }
  });

  it('probes every service on /health/live and /health/ready, after a startup probe', () => {
    const objects = render([ci(file)]);

    for (const component of COMPONENTS) {
      const [container] = deployment(objects, component).template.spec.containers;
      expect(container?.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container?.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container?.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    }
  });

  it('renders no Secret: credentials are references only', () => {
    expect(ofKind(render([ci(file)]), 'Secret')).toEqual([]);
  });
});

describe('the minimal values', () => {
  const objects = (): KubeObject[] => render([ci('minimal-values.yaml')]);

  it('deploys the six workloads, each with its Service, ServiceAccount and ConfigMap', () => {
    const rendered = objects();

    const names = (kind: string) =>
      ofKind(rendered, kind)
        .map((o) => o.metadata.name)
        .sort();
    const expected = COMPONENTS.map((c) => `rel-callrecords-${c}`).sort();
    expect(names('Deployment')).toEqual(expected);
    expect(names('Service')).toEqual(expected);
    expect(names('ServiceAccount')).toEqual(expected);
    expect(names('ConfigMap')).toEqual(expected);
  });

  it('renders no optional object: KEDA, HPA, ServiceMonitor, NetworkPolicy, Ingress are off', () => {
    const kinds = new Set(objects().map((o) => o.kind));

    for (const kind of [
      'ScaledObject',
      'TriggerAuthentication',
      'HorizontalPodAutoscaler',
      'ServiceMonitor',
      'NetworkPolicy',
      'Ingress',
    ]) {
      expect(kinds.has(kind)).toBe(false);
    }
  });

  it('runs the report poller in exactly one pod, replaced by Recreate, and reports only there', () => {
    const rendered = objects();

    expect(deployment(rendered, 'report-poller').replicas).toBe(1);
    expect(deployment(rendered, 'report-poller').strategy.type).toBe('Recreate');
    expect(configData(rendered, 'report-poller')['FETCHER_REPORTS_ENABLED']).toBe('true');
    expect(configData(rendered, 'fetcher')['FETCHER_REPORTS_ENABLED']).toBe('false');
    expect(ofKind(rendered, 'PodDisruptionBudget').map((o) => o.metadata.name)).not.toContain(
      'rel-callrecords-report-poller',
    );
  });

  it('gives each service its config under the env names its config.ts reads', () => {
    const rendered = objects();

    expect(configData(rendered, 'fetcher')).toMatchObject({
      KAFKA_BROKERS: 'kafka.kafka.svc:9092',
      GRAPH_TENANT_IDS: '00000000-0000-4000-8000-000000000001',
      FETCHER_PORT: '4101',
    });
    expect(configData(rendered, 'gateway')).toMatchObject({
      OPENSEARCH_URL: 'http://opensearch.opensearch.svc:9200',
      GATEWAY_PORT: '4000',
      GATEWAY_AUTH_AUDIENCE: '00000000-0000-4000-8000-0000000000a1',
    });
    expect(configData(rendered, 'ingestion')['INGESTION_PUBLIC_URL']).toBe(
      'https://callrecords.example.com',
    );
    expect(configData(rendered, 'indexer')['GRAPH_CLIENT_ID']).toBeUndefined();
  });

  it('terminates each pod after its drain time from values', () => {
    const rendered = objects();

    expect(deployment(rendered, 'fetcher').template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(deployment(rendered, 'gateway').template.spec.terminationGracePeriodSeconds).toBe(30);
  });

  it('rolls only the pods whose config changed (checksum annotation)', () => {
    const before = objects();
    const after = render([ci('minimal-values.yaml')], ['fetcher.config.FETCHER_BATCH_SIZE=32']);

    const checksum = (objs: KubeObject[], c: string) =>
      deployment(objs, c).template.metadata.annotations['checksum/config'];
    expect(checksum(after, 'fetcher')).not.toBe(checksum(before, 'fetcher'));
    expect(checksum(after, 'indexer')).toBe(checksum(before, 'indexer'));
    expect(configData(after, 'fetcher')['FETCHER_BATCH_SIZE']).toBe('32');
  });

  it('provisions before install and upgrade, and ships a helm test', () => {
    const rendered = objects();

    const job = named(rendered, 'Job', 'rel-callrecords-provisioner');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const test = ofKind(rendered, 'Pod')[0];
    expect(test?.metadata.annotations?.['helm.sh/hook']).toBe('test');
    const env = spec<PodSpec>(test).containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'READY_URLS')?.value?.split(',')).toHaveLength(6);
  });

  it('mounts the Graph client secret as a file and points GRAPH_CLIENT_SECRET_FILE at it', () => {
    const pod = deployment(objects(), 'fetcher').template.spec;

    const env = pod.containers[0]?.env ?? [];
    expect(env).toContainEqual({
      name: 'GRAPH_CLIENT_SECRET_FILE',
      value: '/var/run/secrets/callrecords/graph-client-secret',
    });
    const sources = pod.volumes?.find((v) => v.name === 'secrets')?.projected?.sources ?? [];
    expect(sources.map((s) => s.secret.name)).toEqual(['callrecords-graph']);
  });
});

describe('the privacy values', () => {
  const objects = (): KubeObject[] =>
    render(
      [ci('minimal-values.yaml')],
      [
        'privacy.retentionDays=30\\,00000000-0000-4000-8000-000000000001=7',
        'privacy.pseudonymousTenants=*',
        'privacy.pseudonymSecret.existingSecret=callrecords-pseudonym',
      ],
    );

  it('gives every service and the provisioner the same PRIVACY_RETENTION_DAYS', () => {
    const rendered = objects();
    const policy = '30,00000000-0000-4000-8000-000000000001=7';

    expect(COMPONENTS.map((c) => configData(rendered, c)['PRIVACY_RETENTION_DAYS'])).toEqual(
      COMPONENTS.map(() => policy),
    );
    const job = named(rendered, 'Job', 'rel-callrecords-provisioner');
    const env = spec<{ template: { spec: PodSpec } }>(job).template.spec.containers[0]?.env ?? [];
    expect(env).toContainEqual({ name: 'PRIVACY_RETENTION_DAYS', value: policy });
  });

  it('sweeps the topics in the report poller only', () => {
    const rendered = objects();

    expect(configData(rendered, 'fetcher')['FETCHER_RETENTION_SWEEP_MS']).toBe('0');
    expect(configData(rendered, 'report-poller')['FETCHER_RETENTION_SWEEP_MS']).toBeUndefined();
  });

  it('mounts the pseudonym secret into the fetcher and the report poller only, by reference', () => {
    const rendered = objects();
    const secretEnv = (c: string) =>
      deployment(rendered, c).template.spec.containers[0]?.env?.find(
        (e) => e.name === 'FETCHER_PSEUDONYM_SECRET_FILE',
      );
    const secrets = (c: string) =>
      (
        deployment(rendered, c).template.spec.volumes?.find((v) => v.name === 'secrets')?.projected
          ?.sources ?? []
      ).map((s) => s.secret.name);

    expect(COMPONENTS.map((c) => secretEnv(c)?.value)).toEqual([
      undefined,
      '/var/run/secrets/callrecords/fetcher-pseudonym-secret',
      '/var/run/secrets/callrecords/fetcher-pseudonym-secret',
      undefined,
      undefined,
      undefined,
    ]);
    expect(secrets('fetcher')).toContain('callrecords-pseudonym');
    expect(secrets('report-poller')).toContain('callrecords-pseudonym');
    expect(secrets('indexer')).not.toContain('callrecords-pseudonym');
    expect(configData(rendered, 'fetcher')['FETCHER_PSEUDONYMOUS_TENANTS']).toBe('*');
    expect(configData(rendered, 'report-poller')['FETCHER_PSEUDONYMOUS_TENANTS']).toBe('*');
  });

  it('mounts the key-encryption secret into the fetcher, report poller and indexer only, by reference', () => {
    const rendered = render(
      [ci('minimal-values.yaml')],
      [
        'privacy.pseudonymSecret.existingSecret=callrecords-pseudonym',
        'privacy.keySecret.existingSecret=callrecords-privacy-keys',
        'privacy.keySecret.key=kek',
      ],
    );
    const secretEnv = (c: string) =>
      deployment(rendered, c).template.spec.containers[0]?.env?.find(
        (e) => e.name === 'PRIVACY_KEY_SECRET_FILE',
      )?.value;
    const mounted = (c: string) =>
      (
        deployment(rendered, c).template.spec.volumes?.find((v) => v.name === 'secrets')?.projected
          ?.sources ?? []
      ).filter((s) => s.secret.name === 'callrecords-privacy-keys');

    expect(COMPONENTS.map(secretEnv)).toEqual([
      undefined,
      '/var/run/secrets/callrecords/privacy-key-secret',
      '/var/run/secrets/callrecords/privacy-key-secret',
      '/var/run/secrets/callrecords/privacy-key-secret',
      undefined,
      undefined,
    ]);
    expect(COMPONENTS.map((c) => mounted(c).length)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(JSON.stringify(mounted('indexer'))).toContain('kek');
    // Nothing of the secret's value: the chart only names it.
    expect(JSON.stringify(rendered)).not.toMatch(/PRIVACY_KEY_SECRET"/);
  });
});

describe('the production values', () => {
  const objects = (): KubeObject[] => render([ci('production-values.yaml')]);

  it('scales fetcher, indexer and aggregator on lag with KEDA, never above the partitions', () => {
    const rendered = objects();

    const scaled = ofKind(rendered, 'ScaledObject').map((o) => {
      const s = spec<{ maxReplicaCount: number; triggers: { metadata: Record<string, string> }[] }>(
        o,
      );
      return [
        o.metadata.name,
        s.maxReplicaCount,
        s.triggers[0]?.metadata['consumerGroup'],
        s.triggers[0]?.metadata['topic'],
      ];
    });
    expect(scaled).toEqual([
      ['rel-callrecords-aggregator', 6, 'callrecords-aggregator', 'callrecords.records.v1'],
      ['rel-callrecords-fetcher', 11, 'callrecords-fetcher', 'callrecords.notifications.v1'],
      ['rel-callrecords-indexer', 12, 'callrecords-indexer', 'callrecords.records.v1'],
    ]);
    expect(deployment(rendered, 'fetcher').replicas).toBeUndefined();
  });

  it('authenticates KEDA to Kafka with the SASL and CA Secrets, over TLS', () => {
    const rendered = objects();

    const auth = spec<{ secretTargetRef: { parameter: string; name: string }[] }>(
      named(rendered, 'TriggerAuthentication', 'rel-callrecords-fetcher'),
    );
    expect(auth.secretTargetRef.map((r) => [r.parameter, r.name])).toEqual([
      ['username', 'callrecords-kafka-user'],
      ['password', 'callrecords-kafka-user'],
      ['ca', 'callrecords-cluster-ca-cert'],
    ]);
    const trigger = spec<{ triggers: { metadata: Record<string, string> }[] }>(
      named(rendered, 'ScaledObject', 'rel-callrecords-fetcher'),
    ).triggers[0]?.metadata;
    expect(trigger).toMatchObject({ sasl: 'scram_sha512', tls: 'enable' });
  });

  it('scales ingestion and the gateway on CPU', () => {
    expect(
      ofKind(objects(), 'HorizontalPodAutoscaler')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['rel-callrecords-gateway', 'rel-callrecords-ingestion']);
  });

  it('lets only ingestion and the gateway be reached from outside, and only Graph users out to 443', () => {
    const policies = ofKind(objects(), 'NetworkPolicy');

    const publicOnes = policies
      .filter((p) => spec<{ ingress: unknown[] }>(p).ingress.length === 2)
      .map((p) => p.metadata.name);
    expect(publicOnes.sort()).toEqual(['rel-callrecords-gateway', 'rel-callrecords-ingestion']);
    const toGraph = policies
      .filter((p) =>
        spec<{ egress: { ports?: { port: number }[] }[] }>(p).egress.some((rule) =>
          rule.ports?.some((port) => port.port === 443),
        ),
      )
      .map((p) => p.metadata.name);
    expect(toGraph.sort()).toEqual([
      'rel-callrecords-fetcher',
      'rel-callrecords-ingestion',
      'rel-callrecords-report-poller',
    ]);
  });

  it('serves the webhook over TLS and monitors every service', () => {
    const rendered = objects();

    const webhook = spec<{ tls: { hosts: string[]; secretName: string }[] }>(
      named(rendered, 'Ingress', 'rel-callrecords-ingestion'),
    );
    expect(webhook.tls).toEqual([
      { hosts: ['callrecords-webhook.example.com'], secretName: 'callrecords-webhook-tls' },
    ]);
    expect(ofKind(rendered, 'ServiceMonitor')).toHaveLength(6);
  });
});

describe('the external-secrets values', () => {
  it('uses the Graph certificate key file, not a client secret', () => {
    const pod = deployment(render([ci('external-secrets-values.yaml')]), 'ingestion').template.spec;

    const names = (pod.containers[0]?.env ?? []).map((e) => e.name);
    expect(names).toContain('GRAPH_CLIENT_CERTIFICATE_KEY_FILE');
    expect(names).toContain('INGESTION_ADMIN_TOKEN_FILE');
    expect(names).not.toContain('GRAPH_CLIENT_SECRET_FILE');
  });

  it('imports the Dashboards saved objects after install from the chart files', () => {
    const job = named(
      render([ci('external-secrets-values.yaml')]),
      'Job',
      'rel-callrecords-provisioner-dashboards',
    );

    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
  });
});
