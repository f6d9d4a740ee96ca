import { describe, expect, it } from '@jest/globals';

import { erasePersonFromDocument } from './erase-person';

const stored = {
  id: 'call-1',
  participantNames: ['Adele Vance', 'Alex Wilber'],
  organizer: { id: 'adele-id', displayName: 'Adele Vance' },
  raw: { organizer: { user: { id: 'adele-id', displayName: 'Adele Vance' } }, note: 'Adele' },
  streamCount: 2,
  persons: ['pn-adele', 'pn-alex'],
  personValues: { 'pn-adele': ['Adele Vance', 'adele-id'], 'pn-alex': ['Alex Wilber'] },
};

describe(erasePersonFromDocument.name, () => {
  it("replaces the person's values by the pseudonym everywhere, raw included, and keeps the rest", () => {
    const erased = erasePersonFromDocument(stored, 'pn-adele');

    expect(erased).toEqual({
      id: 'call-1',
      participantNames: ['pn-adele', 'Alex Wilber'],
      organizer: { id: 'pn-adele', displayName: 'pn-adele' },
      raw: { organizer: { user: { id: 'pn-adele', displayName: 'pn-adele' } }, note: 'Adele' },
      streamCount: 2,
      persons: ['pn-alex'],
      personValues: { 'pn-alex': ['Alex Wilber'] },
    });
  });

  it('leaves a document that does not name the person', () => {
    expect(erasePersonFromDocument(stored, 'pn-nobody')).toBeUndefined();
  });
});
