// Local Kafka + OpenSearch without Docker. Runs on Node 24 type stripping, Node builtins only:
//   scripts/node24.sh node deploy/local/stack.mts up|down|reset|status|logs|paths [kafka|opensearch]
import type { ServiceName, ServiceStatus, StackOptions } from './lib/stack.mts';
import {
  stackDown,
  stackEndpoints,
  stackPaths,
  stackReset,
  stackStatus,
  stackUp,
  tailLog,
} from './lib/stack.mts';

const USAGE = `usage: node deploy/local/stack.mts <command> [kafka|opensearch] [options]

commands:
  up [service] [--json]     start (both by default) and wait until they answer; idempotent;
                            --json prints only the endpoints on stdout
  down [service]            stop what 'up' started (SIGTERM, SIGKILL after 30 s)
  reset [service]           down, then delete the data (topics, indexes; jars and logs stay)
  status [service] [--json] pid alive? port answering? health? exit 0 only if all are up
  logs [service] [-n N]     last N (50) lines of .data/logs/<service>.log
  paths                     data, jar, log and pid locations

env: KAFKA_PORT (9092) KAFKA_CONTROLLER_PORT (9093) OPENSEARCH_PORT (9200)
     OPENSEARCH_TRANSPORT_PORT (9300) CALLRECORDS_STACK_DIR (deploy/local/.data)
     CALLRECORDS_M2_REPO (Maven local repo) CALLRECORDS_STACK_TIMEOUT_MS (120000)
     CALLRECORDS_JAVA / JAVA_HOME (java 17+)
`;

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const err = (line = ''): void => void process.stderr.write(`${line}\n`);

interface Args {
  command: string;
  services: ServiceName[];
  lines: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? 'help', services: [], lines: 50, json: false };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'kafka' || arg === 'opensearch') {
      args.services.push(arg);
    } else if (arg === '-n' || arg === '--lines') {
      args.lines = Number(argv[++i]);
    } else if (arg === '--json') {
      args.json = true;
    } else {
      throw new Error(`unknown argument: ${arg}\n\n${USAGE}`);
    }
  }
  return args;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb: number | undefined): string => (kb ? `, ${Math.round(kb / 1024)} MB RSS` : '');

function statusLine(s: ServiceStatus, label: string, extra: string): string {
  const pid = s.pid === undefined ? '' : `pid ${s.pid}`;
  const paren = [pid, extra].filter(Boolean).join(', ');
  const head = `${s.name.padEnd(10)} ${label.padEnd(9)} ${s.address.padEnd(22)}`;
  return paren ? `${head} (${paren})` : head;
}

// With --json, stdout carries only the endpoints (for npm start and the test setup); the status
// lines go to stderr.
async function up(opts: StackOptions, json: boolean): Promise<number> {
  const result = await stackUp({ ...opts, log: (m) => err(m) });
  for (const s of result.services) {
    const how = s.alreadyRunning ? 'already running' : seconds(s.readyMs);
    (json ? err : out)(statusLine(s, s.state === 'up' ? 'ready' : s.state, how));
  }
  if (json) {
    out(JSON.stringify(result.endpoints));
  }
  for (const j of result.jars.filter((set) => set.resolved)) {
    err(
      `${j.name}: resolved ${j.jars} jars (${(j.bytes / 1e6).toFixed(1)} MB) in ${seconds(j.ms)}`,
    );
  }
  err(`total ${seconds(result.totalMs)}`);
  return 0;
}

async function down(opts: StackOptions): Promise<number> {
  for (const r of await stackDown(opts)) {
    const pid = r.pid === undefined ? '' : ` (pid ${r.pid}, ${seconds(r.ms)})`;
    out(`${r.name.padEnd(10)} ${r.result}${pid}`);
  }
  return 0;
}

async function reset(opts: StackOptions): Promise<number> {
  for (const r of await stackReset(opts)) {
    out(`${r.name.padEnd(10)} ${r.result}, removed ${r.removed}`);
  }
  return 0;
}

async function status(opts: StackOptions, json: boolean): Promise<number> {
  const all = await stackStatus(opts);
  if (json) {
    out(JSON.stringify({ services: all, endpoints: stackEndpoints(opts) }, null, 2));
  } else {
    all.forEach((s) => out(`${statusLine(s, s.state, '')}  ${s.detail}${mb(s.rssKb)}`));
  }
  return all.every((s) => s.state === 'up') ? 0 : 1;
}

function logs(opts: StackOptions, services: ServiceName[], lines: number): number {
  const names: ServiceName[] = services.length > 0 ? services : ['kafka', 'opensearch'];
  const paths = stackPaths(opts);
  for (const name of names) {
    if (names.length > 1) {
      out(`==> ${paths.logs[name]} <==`);
    }
    out(tailLog(opts, name, lines));
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const opts: StackOptions = { services: args.services };
  switch (args.command) {
    case 'up':
      return up(opts, args.json);
    case 'down':
      return down(opts);
    case 'reset':
      return reset(opts);
    case 'status':
      return status(opts, args.json);
    case 'logs':
      return logs(opts, args.services, args.lines);
    case 'paths':
      out(JSON.stringify(stackPaths(opts), null, 2));
      return 0;
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    default:
      err(`unknown command: ${args.command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    err(`stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
