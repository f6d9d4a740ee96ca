import { execFile } from 'node:child_process';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs podman (CONTAINERS_CONF comes from scripts/images/podman-env.sh) and never throws on exit codes. */
export function podman(args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      'podman',
      [...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
  });
}

/** `-e KEY=value` arguments for `podman run`. */
export function envArgs(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
}
