// Runs the simulator from source with plain Node 24 (see scripts/ts-hook.mts, shared by every
// TypeScript entry point of the workspace; imported by URL as it lives outside this project).
// Usage: node test/graph-simulator/main.mts
import { createRequire } from 'node:module';

await import(new URL('../../scripts/ts-hook.mts', import.meta.url).href);
createRequire(import.meta.url)('./src/main.ts');
