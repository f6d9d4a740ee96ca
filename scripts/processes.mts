// The processes `npm start` runs, in start order. A process whose entry file does not exist yet is
// left out, so the list can name the whole pipeline while it is being built.
export interface ProcessSpec {
  readonly name: string;
  /** File that must exist for the process to be started (relative to the repo root). */
  readonly entry: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** When it exits unexpectedly, stop everything. A one-shot job is not critical. */
  readonly critical: boolean;
}

const SIMULATOR_HTTP_PORT = '4011';

export function pipelineProcesses(): ProcessSpec[] {
  const node = process.execPath;
  return [
    {
      name: 'graph-simulator',
      entry: 'test/graph-simulator/main.mts',
      command: node,
      args: ['test/graph-simulator/main.mts'],
      env: { GRAPH_SIM_HTTP_PORT: SIMULATOR_HTTP_PORT },
      critical: true,
    },
    {
      name: 'demo-data',
      entry: 'scripts/demo-data.mts',
      command: node,
      args: ['scripts/demo-data.mts'],
      env: { GRAPH_SIM_HTTP_PORT: SIMULATOR_HTTP_PORT },
      critical: false,
    },
  ];
}
