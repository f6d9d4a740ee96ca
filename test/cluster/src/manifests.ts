import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './cluster';

const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** A project image (npm run images), imported into the cluster by deploy/k8s-local/images.sh. */
export const PROJECT_IMAGE = `localhost/callrecords-gateway:${VERSION}`;

// Answers every request with the pod's name: which pod a Service sent the request to.
const ECHO_SERVER = [
  "require('node:http')",
  ".createServer((q, s) => s.end(require('node:os').hostname()))",
  '.listen(8080)',
].join('');

/**
 * A Deployment of the project image with the chart's pod security (non-root, read-only root
 * filesystem, no capabilities, RuntimeDefault seccomp), serving its pod name on 8080, and its Service.
 */
export function echoDeployment(name: string, namespace: string): string {
  const labels = { 'app.kubernetes.io/name': name };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name,
              image: PROJECT_IMAGE,
              imagePullPolicy: 'Never',
              command: ['node', '-e', ECHO_SERVER],
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment, service] });
}

/** A ScaledObject on Kafka consumer lag and its TriggerAuthentication (SASL from a Secret). */
export function kedaObjects(namespace: string, maxReplicaCount: number | string): string {
  const auth = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: 'kafka-sasl', namespace },
    spec: {
      secretTargetRef: [
        { parameter: 'sasl', name: 'kafka-user', key: 'mechanism' },
        { parameter: 'username', name: 'kafka-user', key: 'username' },
        { parameter: 'password', name: 'kafka-user', key: 'password' },
      ],
    },
  };
  const scaledObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'fetcher', namespace },
    spec: {
      scaleTargetRef: { name: 'fetcher' },
      minReplicaCount: 1,
      maxReplicaCount,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka.example:9092',
            consumerGroup: 'callrecords-fetcher',
            topic: 'callrecords.notifications.v1',
            lagThreshold: '100',
          },
          authenticationRef: { name: 'kafka-sasl' },
        },
      ],
    },
  };
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [auth, scaledObject] });
}
