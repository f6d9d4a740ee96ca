import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { decodeEvent, encodeEvent } from '../envelope';
import type { AnyEventDefinition, EventEnvelope } from '../envelope';
import { allTopics } from '../topics';

// One golden JSON per published event version, decoded forever: a breaking edit to a published
// version fails here (STYLE.md §2.5). Never edit a fixture to make this pass; add a v2 instead.

const fixturesDir = resolve(__dirname, '__fixtures__');

const definitions = [
  ...new Map(
    allTopics()
      .flatMap((topic) => topic.events)
      .map((d) => [`${d.type}@${d.version}`, d] as const),
  ).values(),
];

function fixtureFile(definition: AnyEventDefinition): string {
  const kebab = definition.type.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();
  return `${kebab}.v${definition.version}.json`;
}

function fixture(definition: AnyEventDefinition): Buffer {
  return readFileSync(resolve(fixturesDir, fixtureFile(definition)));
}

describe('golden event fixtures', () => {
  it('exist for exactly the event versions our topics carry', () => {
    const files = readdirSync(fixturesDir).filter((file) => file.endsWith('.json'));

    expect(files.sort()).toEqual(definitions.map(fixtureFile).sort());
  });

  it.each(definitions.map((d) => [fixtureFile(d), d] as const))('%s still decodes', (_file, d) => {
    const event = decodeEvent(d, fixture(d), {}) as EventEnvelope;

    expect([event.type, event.version]).toEqual([d.type, d.version]);
  });

  it.each(definitions.map((d) => [fixtureFile(d), d] as const))(
    '%s loses no field when decoded and encoded again',
    (_file, d) => {
      const original = JSON.parse(fixture(d).toString('utf8')) as unknown;

      const { value } = encodeEvent(d, decodeEvent(d, fixture(d), {}));

      expect(JSON.parse(value.toString('utf8'))).toEqual(original);
    },
  );
});
