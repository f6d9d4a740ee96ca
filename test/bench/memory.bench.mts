// Resident memory of each service under the `npm start` demo load (300 records at 2/s, later
// versions, PSTN and Direct Routing rows): once from the production build (what the images run),
// and once from source through the swc hook (the raw baseline, same run, same load). Prints the
// peak and the last RSS of each service. Needs Kafka and OpenSearch (KAFKA_BROKERS, OPENSEARCH_URL)
// and the ports of `npm start`. Usage: node test/bench/memory.bench.mts [secondsAfterDemoData=180]
// (demo-data only starts the simulator's generator, which then runs for 150 s).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

const root = join(import.meta.dirname, '../..');
const SERVICES = ['ingestion', 'fetcher', 'indexer', 'aggregator', 'gateway'];
const settleSeconds = Number(process.argv[2] ?? '180');

interface Sample {
  peakMb: number;
  lastMb: number;
}

function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): { pid: number; args: string }[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  return children.filter(Boolean).map((child) => ({
    pid: Number(child),
    args: readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' '),
  }));
}

async function measure(fromBuild: boolean): Promise<Map<string, Sample>> {
  const prefix = `bench-mem-${fromBuild ? 'build' : 'source'}-${process.pid}-`;
  const start = spawn(process.execPath, [join(root, 'scripts/start.mts')], {
    cwd: root,
    env: {
      ...process.env,
      CALLRECORDS_FROM_BUILD: fromBuild ? '1' : '0',
      KAFKA_TOPIC_PREFIX: prefix,
      OPENSEARCH_INDEX_PREFIX: prefix,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let loadDone = false;
  createInterface({ input: start.stdout }).on('line', (line) => {
    if (/demo-data exited/.test(line)) {
      loadDone = true;
    }
  });
  const samples = new Map<string, Sample>();
  let doneAt: number | undefined;
  while (start.exitCode === null && (doneAt === undefined || performance.now() < doneAt)) {
    for (const child of childrenOf(start.pid ?? 0)) {
      const service = SERVICES.find((name) => child.args.includes(`services/${name}/`));
      const mb = rssMb(child.pid);
      if (service && mb !== undefined) {
        const sample = samples.get(service) ?? { peakMb: 0, lastMb: 0 };
        samples.set(service, { peakMb: Math.max(sample.peakMb, mb), lastMb: mb });
      }
    }
    if (loadDone && doneAt === undefined) {
      doneAt = performance.now() + settleSeconds * 1000;
    }
    await delay(1000);
  }
  if (start.exitCode === null) {
    start.kill('SIGINT');
    await new Promise((resolveExit) => start.once('exit', resolveExit));
  }
  return samples;
}

const build = await measure(true);
const source = await measure(false);
process.stdout.write('\nresident memory under the demo load (MB, peak / last)\n');
process.stdout.write('service      from the build    from source (baseline)\n');
for (const service of SERVICES) {
  const b = build.get(service);
  const s = source.get(service);
  const cell = (x: Sample | undefined): string =>
    x ? `${x.peakMb.toFixed(0)} / ${x.lastMb.toFixed(0)}`.padEnd(18) : 'n/a'.padEnd(18);
  process.stdout.write(`${service.padEnd(13)}${cell(b)}${cell(s)}\n`);
}
