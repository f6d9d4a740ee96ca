import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const K8S_LOCAL = join(REPO_ROOT, 'deploy/k8s-local');

const TOOLS =
  process.env['CALLRECORDS_TOOLS_DIR'] ??
  join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'callrecords/tools');
const STATE = process.env['CALLRECORDS_K8S_STATE'] ?? '/var/tmp/callrecords-k8s';
const KUBECTL = join(TOOLS, 'kubernetes-v1.37.2/kubectl');
export const KUBECONFIG = join(STATE, 'pki/admin.kubeconfig');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and never throws on its exit code. */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = execFile(
      command,
      [...args],
      {
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, KUBECONFIG },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
  });
}

/** kubectl of the cached Kubernetes build, against the local cluster. */
export function kubectl(args: readonly string[], input?: string, timeoutMs?: number): Promise<Run> {
  return run(KUBECTL, args, { input, timeoutMs });
}

/** kubectl that must succeed: its stdout, or an error carrying its stderr. */
export async function kubectlOk(args: readonly string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Runs one of deploy/k8s-local's scripts; resolves with its result and wall time. */
export async function k8sLocal(
  script: string,
  timeoutMs: number,
): Promise<Run & { seconds: number }> {
  const startedAt = performance.now();
  const result = await run('bash', [join(K8S_LOCAL, script)], { timeoutMs });
  return { ...result, seconds: Math.round((performance.now() - startedAt) / 100) / 10 };
}

/**
 * An nftables table whose chains, other than the base chains, are all `CNI-` ones and which holds
 * something (podman's CNI plugins made it): another CNI user's table, which down.sh must not delete.
 * An empty table (base chains only) is not: iptables-nft made it for the cluster.
 */
function anotherCniUsersTable(listing: string): boolean {
  const chains = [...listing.matchAll(/^\s*chain (\S+) \{/gm)].map((match) => match[1] ?? '');
  const own = chains.filter(
    (chain) => !/^(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)$/.test(chain),
  );
  return own.length > 0 && own.every((chain) => chain.startsWith('CNI-'));
}

function lines(text: string, pattern: RegExp): string[] {
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .sort();
}

/**
 * What the cluster may change on the machine and down.sh must restore: iptables rules and chains of
 * kube-proxy, the kubelet and CNI, network links, network namespaces, mounts, the cluster's processes
 * and the sysctls the bridge plugin and kube-proxy touch.
 */
export async function machineState(): Promise<Record<string, readonly string[]>> {
  const [iptables, ip6tables, links, processes, nftTables] = await Promise.all([
    run('iptables-save', []),
    run('ip6tables-save', []),
    run('ip', ['-o', 'link', 'show']),
    run('ps', ['-eo', 'args']),
    run('nft', ['list', 'tables']),
  ]);
  const sysctls = [
    'net/ipv4/ip_forward',
    'net/ipv4/conf/all/route_localnet',
    'net/bridge/bridge-nf-call-iptables',
  ].map((key) => {
    const path = join('/proc/sys', key);
    return `${key}=${existsSync(path) ? readFileSync(path, 'utf8').trim() : 'absent'}`;
  });
  return {
    // Other CNI users (podman) may add and remove their own CNI- chains meanwhile: only ours count.
    iptables: lines(iptables.stdout + ip6tables.stdout, /KUBE-|callrecords-k8s|10\.244\.0\./),
    links: lines(links.stdout, /callrecords0/).map(
      (line) => line.replace(/^\d+: /, '').split(':')[0] ?? '',
    ),
    netns: existsSync('/run/netns') ? lines((await run('ls', ['/run/netns'])).stdout, /^cni-/) : [],
    mounts: lines(readFileSync('/proc/mounts', 'utf8'), new RegExp(STATE)),
    processes: lines(processes.stdout, new RegExp(`${TOOLS}|${STATE}`)),
    // iptables-nft creates tables on first use (kube-proxy: ip6 ones, mangle); a table another CNI
    // user (podman's bridge and firewall plugins) made meanwhile holds only its CNI- chains: not ours.
    nftTables: (
      await Promise.all(
        lines(nftTables.stdout, /^table /).map(async (table) =>
          anotherCniUsersTable((await run('nft', ['list', ...table.split(' ')])).stdout)
            ? []
            : [table],
        ),
      )
    ).flat(),
    sysctls,
  };
}
