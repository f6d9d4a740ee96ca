import { join } from 'node:path';

import { kubectlOk, REPO_ROOT, run } from './cluster';
import type { Run } from './cluster';

export const CHART = join(REPO_ROOT, 'charts/callrecords');

/** helm v4 as scripts/tools/helm.sh builds and caches it, against the local cluster. */
export async function helm(
  args: readonly string[],
  timeoutMs = 240_000,
): Promise<Run & { seconds: number }> {
  const bin = (await run('bash', [join(REPO_ROOT, 'scripts/tools/helm.sh')])).stdout.trim();
  const startedAt = performance.now();
  const result = await run(bin, args, { timeoutMs });
  return { ...result, seconds: Math.round((performance.now() - startedAt) / 100) / 10 };
}

/** `component=value` for every object of `kind` in `namespace`, sorted: what a release created. */
export async function byComponent(
  namespace: string,
  kind: string,
  jsonPath: string,
): Promise<string[]> {
  const out = await kubectlOk([
    '-n',
    namespace,
    'get',
    kind,
    '-o',
    `jsonpath={range .items[*]}{.metadata.labels.app\\.kubernetes\\.io/component}=${jsonPath}{"\\n"}{end}`,
  ]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}
