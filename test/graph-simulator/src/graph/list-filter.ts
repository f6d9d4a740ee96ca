import type { JsonObject } from '../simulator.types';
import { isJsonObject, objectsIn } from '../simulator.types';
import { ODataError } from './odata';

// $filter for List callRecords: only what Graph supports (libs/contracts/graph-reference/FACTS.md
// 9): startDateTime with lt/le/gt/ge, and participants_v2/any(p:p/id eq '…'), joined with `and`.

type Comparison = 'lt' | 'le' | 'gt' | 'ge';

export interface ListFilter {
  readonly start: ReadonlyArray<{ readonly op: Comparison; readonly at: number }>;
  readonly participantIds: readonly string[];
}

const START_CLAUSE = /^startDateTime\s+(lt|le|gt|ge)\s+'?([0-9T:.+\-Z]+)'?$/i;
const PARTICIPANT_CLAUSE = /^participants_v2\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'([^']+)'\s*\)$/i;

export function parseListFilter(filter: string | undefined): ListFilter {
  if (!filter || filter.trim() === '') {
    return { start: [], participantIds: [] };
  }
  const start: Array<{ op: Comparison; at: number }> = [];
  const participantIds: string[] = [];
  for (const clause of filter.split(/\s+and\s+/i).map((part) => part.trim())) {
    const startMatch = START_CLAUSE.exec(clause);
    const participantMatch = PARTICIPANT_CLAUSE.exec(clause);
    if (startMatch?.[1] && startMatch[2]) {
      const at = Date.parse(startMatch[2]);
      if (Number.isNaN(at)) {
        throw new ODataError(`Invalid DateTimeOffset literal '${startMatch[2]}' in $filter.`);
      }
      start.push({ op: startMatch[1].toLowerCase() as Comparison, at });
    } else if (participantMatch?.[2]) {
      participantIds.push(participantMatch[2]);
    } else {
      throw new ODataError(`Invalid filter clause: '${clause}' is not supported for callRecords.`);
    }
  }
  return { start, participantIds };
}

function compare(op: Comparison, value: number, bound: number): boolean {
  switch (op) {
    case 'lt':
      return value < bound;
    case 'le':
      return value <= bound;
    case 'gt':
      return value > bound;
    case 'ge':
      return value >= bound;
  }
}

/** Every id a record's participant filter can match: participants_v2 ids and their identity ids. */
export function participantIdsOf(record: JsonObject): Set<string> {
  const ids = new Set<string>();
  const addIdentitySet = (set: unknown): void => {
    if (!isJsonObject(set)) {
      return;
    }
    for (const identity of Object.values(set)) {
      if (isJsonObject(identity) && typeof identity['id'] === 'string') {
        ids.add(identity['id']);
      }
    }
  };
  for (const participant of objectsIn(record['participants_v2'])) {
    if (typeof participant['id'] === 'string') {
      ids.add(participant['id']);
    }
    addIdentitySet(participant['identity']);
  }
  objectsIn(record['participants']).forEach(addIdentitySet);
  return ids;
}

export function matchesListFilter(record: JsonObject, filter: ListFilter): boolean {
  const start = Date.parse(String(record['startDateTime']));
  if (!filter.start.every((clause) => compare(clause.op, start, clause.at))) {
    return false;
  }
  if (filter.participantIds.length === 0) {
    return true;
  }
  const ids = participantIdsOf(record);
  return filter.participantIds.every((id) => ids.has(id));
}
