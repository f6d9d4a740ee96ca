// The processes `npm start` runs, in start order. A process whose entry file does not exist yet is
// left out, so the list can name the whole pipeline while it is being built.
export interface ProcessSpec {
  readonly name: string;
  /** File that must exist for the process to be started (relative to the repo root). */
  readonly entry: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** When it exits unexpectedly, stop everything. */
  readonly critical: boolean;
}

export function pipelineProcesses(_root: string): ProcessSpec[] {
  return [];
}
