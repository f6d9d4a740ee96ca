import { resolve } from 'node:path';

/**
 * The Graph reference folder (CSDL, examples), which travels with the code:
 * libs/contracts/graph-reference (its README names Microsoft's sources).
 */
export function graphReferenceDir(repoRoot: string): string {
  return resolve(repoRoot, 'libs/contracts/graph-reference');
}
