import { parseDocument } from 'yaml';

export interface ValueParam {
  readonly key: string;
  readonly description: string;
}

const PARAM = /^\s*## @param (\S+) (.+)$/;

/** The `## @param <key> <description>` lines of values.yaml, in file order. */
export function valueParams(valuesYaml: string): ValueParam[] {
  return valuesYaml.split('\n').flatMap((line) => {
    const match = PARAM.exec(line);
    return match?.[1] && match[2] ? [{ key: match[1], description: match[2].trim() }] : [];
  });
}

/** Every path of values.yaml that holds a scalar, a list or an empty map. */
export function leafPaths(valuesYaml: string): string[] {
  const walk = (value: unknown, path: string): string[] => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      return entries.length === 0
        ? [path]
        : entries.flatMap(([key, child]) => walk(child, path ? `${path}.${key}` : key));
    }
    return [path];
  };
  return walk(parseDocument(valuesYaml).toJS(), '');
}

/** The value at a dotted path, as README shows it (JSON, `''` for an empty string). */
export function defaultAt(valuesYaml: string, key: string): string {
  let value: unknown = parseDocument(valuesYaml).toJS();
  for (const part of key.split('.')) {
    value = (value as Record<string, unknown>)[part];
  }
  return value === '' ? "`''`" : `\`${JSON.stringify(value)}\``;
}

/** The README's values table, generated from values.yaml (test/charts checks they are equal). */
export function valuesTable(valuesYaml: string): string {
  const rows = valueParams(valuesYaml).map(
    (p) =>
      `| \`${p.key}\` | ${defaultAt(valuesYaml, p.key).replace(/\|/g, '\\|')} | ${p.description.replace(/\|/g, '\\|')} |`,
  );
  return ['| key | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
