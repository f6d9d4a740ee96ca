import { join } from 'node:path';

import { waitFor } from '@callrecords/testing';

import { byComponent, CHART, helm } from './src/chart';
import { K8S_LOCAL, k8sLocal, kubectl, kubectlOk, machineState, run } from './src/cluster';
import { echoDeployment, kedaObjects } from './src/manifests';

// One drill, in order: up, workloads, KEDA, the chart, down. Each step needs the ones before it.
const NAMESPACE = 'drill';
const ECHO = 'echo';
const RELEASE = 'callrecords';
// The chart's components, as their app.kubernetes.io/component label names them, sorted.
const COMPONENTS = ['aggregator', 'fetcher', 'gateway', 'indexer', 'ingestion', 'report-poller'];

async function readyPodName(): Promise<string> {
  const out = await kubectlOk([
    '-n',
    NAMESPACE,
    'get',
    'pods',
    '-l',
    `app.kubernetes.io/name=${ECHO}`,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.metadata.deletionTimestamp}{"\\n"}{end}',
  ]);
  const ready = out
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([name, status, deleting]) => name && status === 'True' && !deleting);
  if (ready.length !== 1 || !ready[0]?.[0]) {
    throw new Error(`expected one Ready pod, got: ${out.trim() || 'none'}`);
  }
  return ready[0][0];
}

async function answerOf(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return response.text();
}

describe('the local single-node Kubernetes (deploy/k8s-local)', () => {
  let before: Record<string, readonly string[]> = {};
  let clusterIp = '';
  let isUp = false;

  afterAll(async () => {
    if (isUp) {
      await k8sLocal('down.sh', 240_000);
    }
  });

  it('comes up with a Ready node and CoreDNS from cached binaries', async () => {
    before = await machineState();

    const up = await k8sLocal('up.sh', 590_000);
    isUp = true;
    process.stderr.write(`cluster: up.sh took ${up.seconds} s\n`);

    expect(up.stderr).toContain('cluster up');
    expect(up.code).toBe(0);
    const node = await kubectlOk([
      'get',
      'node',
      'callrecords-node',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.nodeInfo.kubeletVersion}',
    ]);
    expect(node).toBe('True v1.37.2');
    const dns = await kubectlOk([
      '-n',
      'kube-system',
      'get',
      'deploy',
      'coredns',
      '-o',
      'jsonpath={.status.readyReplicas}',
    ]);
    expect(dns).toBe('1');
  }, 600_000);

  it('runs a project image non-root on a read-only root filesystem, reachable through its Service from the host', async () => {
    await kubectlOk(['create', 'namespace', NAMESPACE]);

    await kubectlOk(['apply', '-f', '-'], echoDeployment(ECHO, NAMESPACE));
    await kubectlOk(['-n', NAMESPACE, 'rollout', 'status', `deploy/${ECHO}`, '--timeout=180s']);
    const pod = await readyPodName();
    clusterIp = await kubectlOk([
      '-n',
      NAMESPACE,
      'get',
      'svc',
      ECHO,
      '-o',
      'jsonpath={.spec.clusterIP}',
    ]);
    const uid = await kubectlOk(['-n', NAMESPACE, 'exec', pod, '--', 'id', '-u']);
    const write = await kubectl(['-n', NAMESPACE, 'exec', pod, '--', 'touch', '/app/probe']);

    expect(clusterIp).toMatch(/^10\.96\./);
    expect(await answerOf(`http://${clusterIp}/`)).toBe(pod);
    expect(uid.trim()).toBe('1000');
    expect(write.code).not.toBe(0);
  });

  it('resolves a Service by its DNS name from a pod and reaches it (CoreDNS, kube-proxy from pods)', async () => {
    const pod = await readyPodName();
    const script = [
      `require('node:dns').promises.lookup('${ECHO}.${NAMESPACE}.svc.cluster.local')`,
      `.then(async (a) => console.log(a.address, await (await fetch('http://${ECHO}.${NAMESPACE}/')).text()))`,
    ].join('');

    const out = await kubectlOk(['-n', NAMESPACE, 'exec', pod, '--', 'node', '-e', script]);

    expect(out.trim()).toBe(`${clusterIp} ${pod}`);
  });

  it('replaces a deleted pod, and the Service sends traffic to the new one', async () => {
    const first = await readyPodName();

    await kubectlOk(['-n', NAMESPACE, 'delete', 'pod', first, '--wait=false']);
    const second = await waitFor(
      async () => {
        const name = await readyPodName().catch(() => '');
        return name && name !== first ? name : undefined;
      },
      { timeoutMs: 120_000, description: 'a new Ready pod' },
    );

    expect(second).not.toBe(first);
    expect(await answerOf(`http://${clusterIp}/`)).toBe(second);
  });

  it('accepts KEDA ScaledObjects and TriggerAuthentications once KEDA’s CRDs are installed, and rejects a wrong type', async () => {
    const crds = (await run('bash', [join(K8S_LOCAL, 'crds.sh')])).stdout.trim();
    await kubectlOk(['apply', '--server-side', '-f', crds]);
    await kubectlOk([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/scaledobjects.keda.sh',
      'crd/triggerauthentications.keda.sh',
    ]);

    await kubectlOk(['apply', '-f', '-'], kedaObjects(NAMESPACE, 6));
    const stored = await kubectlOk([
      '-n',
      NAMESPACE,
      'get',
      'scaledobject',
      'fetcher',
      '-o',
      'jsonpath={.spec.maxReplicaCount} {.spec.triggers[0].type}',
    ]);
    const wrong = await kubectl(
      ['apply', '--dry-run=server', '-f', '-'],
      kedaObjects(NAMESPACE, 'six'),
    );

    expect(stored).toBe('6 kafka');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('spec.maxReplicaCount');
  });

  it('installs the chart with its production values: every object, ScaledObjects and ServiceMonitors included, is accepted', async () => {
    // Hooks (the provisioner Job) and readiness need Kafka and OpenSearch reachable from pods: not here.
    const install = await helm([
      'install',
      RELEASE,
      CHART,
      '--namespace',
      RELEASE,
      '--create-namespace',
      '--values',
      join(CHART, 'ci/production-values.yaml'),
      '--no-hooks',
      '--timeout',
      '120s',
    ]);

    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    // From ci/production-values.yaml: KEDA max replicas and HPA bounds as written there.
    expect(await byComponent(RELEASE, 'scaledobject', '{.spec.maxReplicaCount}')).toEqual([
      'aggregator=6',
      'fetcher=11',
      'indexer=12',
    ]);
    expect(await byComponent(RELEASE, 'hpa', '{.spec.minReplicas}-{.spec.maxReplicas}')).toEqual([
      'gateway=2-8',
      'ingestion=2-4',
    ]);
    expect(
      await byComponent(RELEASE, 'deploy', '{.spec.template.spec.securityContext.runAsNonRoot}'),
    ).toEqual(COMPONENTS.map((component) => `${component}=true`));
    expect((await byComponent(RELEASE, 'servicemonitor', '{.kind}')).length).toBe(
      COMPONENTS.length,
    );
  });

  it('rolls every Deployment when helm upgrade changes a value of their config', async () => {
    const checksums = await byComponent(
      RELEASE,
      'deploy',
      '{.spec.template.metadata.annotations.checksum/config}',
    );

    const upgrade = await helm([
      'upgrade',
      RELEASE,
      CHART,
      '--namespace',
      RELEASE,
      '--reuse-values',
      '--set',
      'logLevel=debug',
      '--no-hooks',
      '--timeout',
      '120s',
    ]);
    const after = await byComponent(
      RELEASE,
      'deploy',
      '{.spec.template.metadata.annotations.checksum/config}',
    );
    const replicaSets = await byComponent(RELEASE, 'replicaset', '{.metadata.name}');

    expect(upgrade.code).toBe(0);
    expect(after.filter((line) => checksums.includes(line))).toEqual([]);
    for (const component of COMPONENTS) {
      expect(replicaSets.filter((line) => line.startsWith(`${component}=`))).toHaveLength(2);
    }
  });

  it('tears down and leaves the machine as it found it', async () => {
    const down = await k8sLocal('down.sh', 240_000);
    isUp = false;
    process.stderr.write(`cluster: down.sh took ${down.seconds} s\n`);

    expect(down.code).toBe(0);
    expect(await machineState()).toEqual(before);
  });
});
