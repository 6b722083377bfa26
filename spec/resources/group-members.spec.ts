import { describe, expect, it } from '@jest/globals';
import { initialMembers, reduceMembers, type MemberChange } from '../../lib/resources/groups/group-members.js';

const BASE = 'https://fe1.contoso.com/ucwa/v1/applications/192/people';
const group = { value: { id: '7', name: 'Pinned', _links: { self: { href: '/ucwa/v1/applications/192/groups/pinnedGroup' } } }, url: BASE };
const contact = (name: string) => ({ value: { uri: `sip:${name}@contoso.com`, _links: { self: { href: `/ucwa/v1/applications/192/people/${name}` } } }, url: BASE });
const key = (name: string) => `https://fe1.contoso.com/ucwa/v1/applications/192/people/${name}`;
const run = (changes: MemberChange[]) => [...changes.reduce(reduceMembers, initialMembers(group)).contacts.keys()];

describe('group membership from a first read and the events after it', () => {
  it('applies changes that arrived before the first read on top of it', () => {
    expect(
      run([
        { kind: 'added', seq: 0, key: key('judy'), contact: contact('judy') },
        { kind: 'deleted', seq: 1, key: key('bob') },
        { kind: 'loaded', contacts: [contact('bob'), contact('sara')] },
      ]),
    ).toEqual([key('sara'), key('judy')]);
  });

  it('drops an added contact whose fetch completed after a later delete of it', () => {
    expect(
      run([
        { kind: 'loaded', contacts: [contact('bob')] },
        { kind: 'deleted', seq: 1, key: key('judy') },
        { kind: 'added', seq: 0, key: key('judy'), contact: contact('judy') },
      ]),
    ).toEqual([key('bob')]);
  });

  it('keeps a contact deleted and added again, in that order', () => {
    expect(
      run([
        { kind: 'loaded', contacts: [contact('bob'), contact('sara')] },
        { kind: 'deleted', seq: 0, key: key('bob') },
        { kind: 'added', seq: 1, key: key('bob'), contact: contact('bob') },
      ]),
    ).toEqual([key('sara'), key('bob')]);
  });
});
