import { resolve } from 'node:path';

/**
 * The shared Graph reference folder (CSDL, examples): $CALLRECORDS_GRAPH_REFERENCE, else
 * ../shared/graph-reference beside the repository root (CI keeps a copy there too).
 */
export function graphReferenceDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['CALLRECORDS_GRAPH_REFERENCE'] ?? resolve(repoRoot, '../shared/graph-reference');
}
