import type { JsonObject } from '../simulator.types';

// Pure OData helpers for the Graph routes: $expand/$select parsing, Prefer page size, opaque skip
// tokens.

export interface ExpandItem {
  readonly name: string;
  readonly expand: readonly ExpandItem[];
  readonly select: readonly string[] | undefined;
}

export class ODataError extends Error {}

/** Splits on commas (or `;`) that are not inside parentheses. */
function splitTopLevel(text: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** `sessions($expand=segments),participants_v2` → a tree of expanded navigation properties. */
export function parseExpand(value: string | undefined): ExpandItem[] {
  if (!value) {
    return [];
  }
  return splitTopLevel(value, ',').map((item) => {
    const open = item.indexOf('(');
    if (open === -1) {
      return { name: item, expand: [], select: undefined };
    }
    if (!item.endsWith(')')) {
      throw new ODataError(`Parsing OData $expand failed near '${item}'.`);
    }
    const name = item.slice(0, open).trim();
    const options = splitTopLevel(item.slice(open + 1, -1), ';');
    let expand: ExpandItem[] = [];
    let select: string[] | undefined;
    for (const option of options) {
      const [key, ...rest] = option.split('=');
      const optionValue = rest.join('=');
      if (key === '$expand') {
        expand = parseExpand(optionValue);
      } else if (key === '$select') {
        select = parseSelect(optionValue);
      } else {
        throw new ODataError(`Query option '${key ?? ''}' is not supported inside $expand.`);
      }
    }
    return { name, expand, select };
  });
}

export function parseSelect(value: string | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  return value
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field.length > 0);
}

/** Keeps only the selected properties (and annotations of them); no $select keeps everything. */
export function applySelect(entity: JsonObject, select: readonly string[] | undefined): JsonObject {
  if (!select || select.length === 0 || select.includes('*')) {
    return { ...entity };
  }
  return Object.fromEntries(
    Object.entries(entity).filter(([key]) => select.includes(key.split('@')[0] ?? key)),
  );
}

/** `Prefer: odata.maxpagesize=N` lowers the page size, never raises it above Graph's maximum. */
export function pageSizeFrom(prefer: string | undefined, maximum: number): number {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  const asked = match?.[1] ? Number(match[1]) : maximum;
  return asked > 0 ? Math.min(asked, maximum) : maximum;
}

export interface PagePosition {
  readonly offset: number;
  readonly pageSize: number;
}

// Opaque to clients (libs/contracts/graph-reference/FACTS.md "Paging rules"); it carries the page
// size so Prefer need not be resent.
export function encodeSkipToken(position: PagePosition): string {
  return Buffer.from(`${position.offset}:${position.pageSize}`, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): PagePosition {
  const [offset, pageSize] = Buffer.from(token, 'base64url')
    .toString('utf8')
    .split(':')
    .map(Number);
  if (!Number.isInteger(offset) || !Number.isInteger(pageSize) || offset! < 0 || pageSize! < 1) {
    throw new ODataError('The $skiptoken is not valid.');
  }
  return { offset: offset!, pageSize: pageSize! };
}

export interface Page<T> {
  readonly items: T[];
  readonly next: PagePosition | undefined;
}

export function pageOf<T>(items: readonly T[], position: PagePosition): Page<T> {
  const end = position.offset + position.pageSize;
  return {
    items: items.slice(position.offset, end),
    next: end < items.length ? { offset: end, pageSize: position.pageSize } : undefined,
  };
}
