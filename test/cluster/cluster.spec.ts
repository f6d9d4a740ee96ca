import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { startTcpProxy, waitFor } from '@callrecords/testing';
import type { TcpProxy } from '@callrecords/testing';

import { byComponent, CHART, helm } from './src/chart';
import { K8S_LOCAL, k8sLocal, kubectl, kubectlOk, machineState, run } from './src/cluster';
import {
  createSecrets,
  drillValuesFile,
  nodeAddress,
  startServicesForPods,
  whatTheGatewayHolds,
} from './src/drill';
import { echoDeployment, kedaObjects } from './src/manifests';

// One drill, in order: up, workloads, KEDA, the chart, down. Each step needs the ones before it.
const NAMESPACE = 'drill';
const ECHO = 'echo';
const RELEASE = 'callrecords';
// The chart's components, as their app.kubernetes.io/component label names them, sorted.
const COMPONENTS = ['aggregator', 'fetcher', 'gateway', 'indexer', 'ingestion', 'report-poller'];
const INGESTION_PORT = 4100;
const GATEWAY_PORT = 4000;

let simulator: Simulator;
let started: StartedSimulator;
let webhook: TcpProxy;
let token = '';
// The drill's values file (in a temporary folder of its own, removed at the end).
let values = '';
// Every record id the simulator was told to notify, across the drill's waves.
const expected = new Set<string>();
const serviceIps = new Map<string, string>();

/** A component's Service cluster IP (kube-proxy makes it reachable from the host). */
async function serviceIp(component: string): Promise<string> {
  const known = serviceIps.get(component);
  if (known) {
    return known;
  }
  const ip = await kubectlOk([
    '-n',
    RELEASE,
    'get',
    'svc',
    '-l',
    `app.kubernetes.io/component=${component}`,
    '-o',
    'jsonpath={.items[0].spec.clusterIP}',
  ]);
  if (!ip) {
    throw new Error(`no Service for ${component} yet`);
  }
  serviceIps.set(component, ip);
  return ip;
}

async function simulatorPost<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${started.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** A user token from the simulator's Entra, for the gateway. */
async function userToken(): Promise<string> {
  const reply = await simulatorPost<{ accessToken: string }>('/_sim/tokens', {
    tenantId: started.tenantId,
  });
  return reply.accessToken;
}

// Seeds of different waves differ above their low 8 bits: the generator mixes seed and record index
// by XOR first, so close seeds (11, 12) share record ids.

/** Has the simulator notify `count` new records (at `ratePerSecond`, or at once); their ids. */
async function generate(count: number, seed: number, ratePerSecond = 10): Promise<string[]> {
  const reply = await simulatorPost<{ ids: string[] }>('/_sim/generate', {
    count,
    seed,
    ratePerSecond,
    withUpdates: false,
  });
  for (const id of reply.ids) {
    if (expected.has(id)) {
      throw new Error(`seed ${seed} repeated record ${id}`);
    }
    expected.add(id);
  }
  return reply.ids;
}

/** Waits until the gateway holds every expected record and the rollups count at least as many calls. */
async function untilHeld(
  wave: readonly string[],
): Promise<Awaited<ReturnType<typeof whatTheGatewayHolds>>> {
  const url = `http://${await serviceIp('gateway')}:${GATEWAY_PORT}/graphql`;
  let seen = '';
  return waitFor(
    async () => {
      const held = await whatTheGatewayHolds(url, token);
      seen = `${held.total} records, ${held.rolledUp} calls rolled up, ${wave.filter((id) => !held.ids.includes(id)).length} of this wave missing`;
      return held.total >= expected.size && held.rolledUp >= expected.size ? held : undefined;
    },
    { timeoutMs: 240_000, intervalMs: 2_000, description: `${expected.size} records` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; last seen ${seen}`);
  });
}

/** Ready pods of a component that are not being deleted. */
async function podsOf(component: string): Promise<string[]> {
  const out = await kubectlOk([
    '-n',
    RELEASE,
    'get',
    'pods',
    '-l',
    `app.kubernetes.io/component=${component}`,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.metadata.deletionTimestamp}{"\\n"}{end}',
  ]);
  return out
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([name, status, deleting]) => name && status === 'True' && !deleting)
    .map(([name]) => name ?? '');
}

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

// A new connection per request (no keep-alive pool): a connection opened before kube-proxy's rules
// for a Service exist leaves the host by its default route (this machine's network answers any
// address on port 80 with an empty 404), and a pooled one would keep going there; one kept open to a
// deleted pod would keep answering from it.
function answerOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 3_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 3 s`)));
    request.on('error', reject);
  });
}

describe('the local single-node Kubernetes (deploy/k8s-local)', () => {
  let before: Record<string, readonly string[]> = {};
  let clusterIp = '';
  let isUp = false;

  afterAll(async () => {
    await webhook?.close();
    await simulator?.stop();
    if (values) {
      rmSync(dirname(values), { recursive: true, force: true });
    }
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

    // kube-proxy programs a new Service's rules within seconds; until then nothing answers for it.
    const answer = await waitFor(
      async () => {
        const name = await answerOf(`http://${clusterIp}/`).catch(() => '');
        return name === pod ? name : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'the Service answering from its pod' },
    ).catch(() => answerOf(`http://${clusterIp}/`).catch((e: unknown) => String(e)));

    expect(clusterIp).toMatch(/^10\.96\./);
    expect(answer).toBe(pod);
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

    // kube-proxy drops the deleted pod's endpoint once the EndpointSlice change reaches it.
    const answer = await waitFor(
      async () => {
        const name = await answerOf(`http://${clusterIp}/`).catch(() => '');
        return name === second ? name : undefined;
      },
      // A loaded machine (load average 30 seen) delays kube-proxy's resync by tens of seconds.
      { timeoutMs: 90_000, intervalMs: 500, description: 'the Service answering from the new pod' },
    );

    expect(second).not.toBe(first);
    expect(answer).toBe(second);
  });

  it('accepts KEDA ScaledObjects and TriggerAuthentications once KEDA’s CRDs are installed, and rejects a wrong type', async () => {
    const crds = (await run('bash', [join(K8S_LOCAL, 'crds.sh')])).stdout.trim();
    await kubectlOk(['apply', '--server-side', '-f', crds]);
    // A CRD just created has no status yet (kubectl wait fails on it): asked again until Established.
    await waitFor(
      async () => {
        const established = await kubectl([
          'wait',
          '--for=condition=Established',
          '--timeout=10s',
          'crd/scaledobjects.keda.sh',
          'crd/triggerauthentications.keda.sh',
        ]);
        return established.code === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'KEDA’s CRDs Established' },
    );

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

  it('installs the chart with --wait against Kafka, OpenSearch and the Graph simulator on the host: hooks, every Deployment Ready, ScaledObjects and ServiceMonitors accepted', async () => {
    const services = await startServicesForPods();
    simulator = createSimulator({ host: nodeAddress(), httpPort: 0 });
    started = await simulator.start();
    // Graph calls ingestion's public URL: here a forwarder on the host to ingestion's Service.
    webhook = await startTcpProxy(async () => ({
      host: await serviceIp('ingestion'),
      port: INGESTION_PORT,
    }));
    token = await userToken();
    await kubectlOk(['create', 'namespace', RELEASE]);
    await createSecrets(RELEASE, started, token);
    values = drillValuesFile({
      ...services,
      simulator: started,
      webhookUrl: `http://127.0.0.1:${webhook.port}`,
    });

    const install = await helm(
      [
        'install',
        RELEASE,
        CHART,
        '--namespace',
        RELEASE,
        '--values',
        values,
        '--wait',
        '--timeout',
        '420s',
      ],
      480_000,
    );
    process.stderr.write(`cluster: helm install --wait took ${install.seconds} s\n`);

    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(await byComponent(RELEASE, 'deploy', '{.status.readyReplicas}')).toEqual(
      COMPONENTS.map((component) => `${component}=1`),
    );
    // maxReplicaCount as the drill's values write it (2), under the topics' 12 partitions.
    expect(await byComponent(RELEASE, 'scaledobject', '{.spec.maxReplicaCount}')).toEqual([
      'aggregator=2',
      'fetcher=2',
      'indexer=2',
    ]);
    expect((await byComponent(RELEASE, 'servicemonitor', '{.kind}')).length).toBe(
      COMPONENTS.length,
    );
  }, 600_000);

  it('takes Graph’s webhook through ingestion’s Service: the subscription’s validation handshake reached a pod', async () => {
    const subscriptions = await waitFor(
      async () => {
        const listed = (await (await fetch(`${started.httpUrl}/_sim/subscriptions`)).json()) as {
          value: { request: { notificationUrl: string } }[];
        };
        return listed.value.length > 0 ? listed.value : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: 'a subscription from ingestion' },
    );
    const validations = simulator.deliveries({ kind: 'validation', outcome: 'delivered' });

    expect(
      subscriptions.map((s) =>
        s.request.notificationUrl.startsWith(`http://127.0.0.1:${webhook.port}/`),
      ),
    ).toEqual([true]);
    expect(validations.length).toBeGreaterThan(0);
  }, 150_000);

  it('makes every notified record queryable through the gateway’s Service, rolled up once each', async () => {
    const wave = await generate(20, 1 << 10);

    const held = await untilHeld(wave);

    expect(held.ids).toEqual([...wave].sort());
    expect(held.rolledUp).toBe(wave.length);
    expect(simulator.deliveries({ kind: 'change', outcome: 'delivered' }).length).toBeGreaterThan(
      0,
    );
  }, 300_000);

  it('passes helm test: every service ready through its Service, GraphQL answers with the token', async () => {
    const test = await helm(
      ['test', RELEASE, '--namespace', RELEASE, '--timeout', '240s', '--logs'],
      300_000,
    );

    expect(test.stderr).toBe('');
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('Phase:          Succeeded');
  }, 320_000);

  it('rolls every Deployment on helm upgrade with a changed value, and loses no record notified meanwhile', async () => {
    const workloadPods = async (): Promise<string[]> =>
      (await Promise.all(COMPONENTS.map(podsOf))).flat();
    const podsBefore = await workloadPods();
    const checksums = await byComponent(
      RELEASE,
      'deploy',
      '{.spec.template.metadata.annotations.checksum/config}',
    );
    const wave = await generate(20, 2 << 10, 1);

    const upgrade = await helm(
      [
        'upgrade',
        RELEASE,
        CHART,
        '--namespace',
        RELEASE,
        '--reuse-values',
        '--set',
        'logLevel=debug',
        '--wait',
        '--timeout',
        '420s',
      ],
      480_000,
    );
    process.stderr.write(`cluster: helm upgrade --wait took ${upgrade.seconds} s\n`);
    const after = await byComponent(
      RELEASE,
      'deploy',
      '{.spec.template.metadata.annotations.checksum/config}',
    );
    const podsAfter = await workloadPods();
    const held = await untilHeld(wave);

    expect(upgrade.code).toBe(0);
    expect(after.filter((line) => checksums.includes(line))).toEqual([]);
    expect(podsAfter.filter((pod) => podsBefore.includes(pod))).toEqual([]);
    expect(held.ids).toEqual([...expected].sort());
    expect(held.rolledUp).toBe(expected.size);
  }, 600_000);

  it('loses and duplicates nothing when each consumer pod is deleted mid-stream', async () => {
    const wave = await generate(30, 3 << 10, 0.5);
    const deleted: string[] = [];

    for (const component of ['fetcher', 'indexer', 'aggregator']) {
      const [pod] = await podsOf(component);
      await kubectlOk(['-n', RELEASE, 'delete', 'pod', pod ?? '', '--wait=false']);
      deleted.push(component);
      await waitFor(
        async () => ((await podsOf(component)).some((name) => name !== pod) ? true : undefined),
        { timeoutMs: 180_000, intervalMs: 1_000, description: `a new Ready ${component} pod` },
      );
    }
    const held = await untilHeld(wave);

    expect(deleted).toEqual(['fetcher', 'indexer', 'aggregator']);
    expect(held.ids).toEqual([...expected].sort());
    expect(held.total).toBe(expected.size);
    expect(held.rolledUp).toBe(expected.size);
  }, 600_000);

  it('tears down and leaves the machine as it found it', async () => {
    const down = await k8sLocal('down.sh', 240_000);
    isUp = false;
    process.stderr.write(`cluster: down.sh took ${down.seconds} s\n`);

    expect(down.code).toBe(0);
    expect(await machineState()).toEqual(before);
  });
});
