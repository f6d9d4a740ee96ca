export interface ShutdownStep {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  /** A step that takes longer is abandoned so the next ones still run (default 10 s). */
  readonly timeoutMs?: number;
}

export interface ShutdownStepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly error?: string;
}

/**
 * Runs the steps of a graceful stop one after another, in the given order (flip readiness, stop
 * fetching, finish in-flight work, commit, flush producers, disconnect). A failing or slow step is
 * reported and does not keep the later ones from running.
 */
export async function runShutdown(
  steps: readonly ShutdownStep[],
  clock: () => number = () => performance.now(),
): Promise<ShutdownStepResult[]> {
  const results: ShutdownStepResult[] = [];
  for (const step of steps) {
    const started = clock();
    const outcome = await settle(step);
    results.push({ name: step.name, durationMs: clock() - started, ...outcome });
  }
  return results;
}

async function settle(step: ShutdownStep): Promise<{ ok: boolean; error?: string }> {
  const timeoutMs = step.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(step.run),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
