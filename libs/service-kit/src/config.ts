import type { z } from 'zod';

/** Marks a config key as a secret (zod metadata): redacted in errors and never logged. */
export function sensitive<T extends z.ZodType>(schema: T): T {
  return schema.meta({ ...schema.meta(), sensitive: true });
}

export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

/** Thrown by `loadConfig` with every invalid key at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration (${issues.length} key${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.key}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /** Reads `<KEY>_FILE` paths (Kubernetes secrets mounted as files); inject `fs.readFileSync` at the edge. */
  readonly readFile?: (path: string) => string;
}

/**
 * Parses environment variables with a zod object whose keys are the variable names. Pure: the caller
 * passes the environment (and a file reader for `_FILE` keys). Returns a frozen, typed object or
 * throws a ConfigError listing every invalid key.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Env,
  options: LoadConfigOptions = {},
): Readonly<z.infer<S>> {
  const { values, issues: fileIssues } = collectValues(schema, env, options);
  const parsed = schema.safeParse(values);
  const issues = [...fileIssues, ...(parsed.success ? [] : toIssues(schema, parsed.error, values))];
  if (issues.length > 0 || !parsed.success) {
    throw new ConfigError(issues);
  }
  return Object.freeze(parsed.data);
}

function collectValues(
  schema: z.ZodObject,
  env: Env,
  options: LoadConfigOptions,
): { values: Record<string, string>; issues: ConfigIssue[] } {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(schema.shape)) {
    const direct = env[key];
    const filePath = env[`${key}_FILE`];
    if (direct !== undefined && direct !== '') {
      values[key] = direct;
    } else if (filePath) {
      const read = readSecretFile(filePath, options);
      if (read.ok) {
        values[key] = read.value;
      } else {
        issues.push({ key: `${key}_FILE`, message: read.message });
      }
    }
  }
  return { values, issues };
}

function readSecretFile(
  path: string,
  options: LoadConfigOptions,
): { ok: true; value: string } | { ok: false; message: string } {
  if (!options.readFile) {
    return { ok: false, message: 'files are not readable here (no reader given)' };
  }
  try {
    // Secrets mounted from files usually end with a newline that is not part of the value.
    return { ok: true, value: options.readFile(path).replace(/\r?\n$/, '') };
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${(error as Error).message}` };
  }
}

function toIssues(
  schema: z.ZodObject,
  error: z.ZodError,
  values: Record<string, string>,
): ConfigIssue[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '(root)');
    const field = schema.shape[key] as z.ZodType | undefined;
    const given = values[key];
    const shown =
      given === undefined
        ? 'not set'
        : field && isSensitive(field)
          ? 'got <redacted>'
          : `got "${given}"`;
    return { key, message: `${issue.message} (${shown})` };
  });
}

export function isSensitive(schema: z.ZodType): boolean {
  return metaOf(schema)['sensitive'] === true;
}

// Wrappers (.default(), .optional(), pipes) are new schemas without the inner one's metadata: walk in.
function metaOf(schema: z.ZodType): Record<string, unknown> {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const meta = current.meta();
    if (meta && Object.keys(meta).length > 0) {
      return meta;
    }
    const def: { innerType?: z.ZodType; in?: z.ZodType } | undefined = (
      current as { def?: { innerType?: z.ZodType; in?: z.ZodType } }
    ).def;
    current = def?.innerType ?? def?.in;
  }
  return {};
}

export interface ConfigKeyDescription {
  readonly key: string;
  readonly description: string;
  readonly required: boolean;
  readonly defaultValue: string | undefined;
  readonly sensitive: boolean;
}

/** One row per key, for README tables and chart ConfigMaps (tests compare them). */
export function describeConfig(schema: z.ZodObject): ConfigKeyDescription[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const type = field as z.ZodType;
    const parsedEmpty = type.safeParse(undefined);
    return {
      key,
      description:
        typeof metaOf(type)['description'] === 'string' ? String(metaOf(type)['description']) : '',
      required: !parsedEmpty.success,
      defaultValue:
        parsedEmpty.success && parsedEmpty.data !== undefined
          ? formatDefault(parsedEmpty.data)
          : undefined,
      sensitive: isSensitive(type),
    };
  });
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
