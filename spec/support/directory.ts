import type { DirectorySpec, PersonSpec } from '../../lib/simulator/index.js';

/** The URI of generated person `i`. */
export const personUri = (i: number): string => `sip:person${i}@contoso.com`;

/**
 * A directory with `size` people besides Alice. The first `inContactList` of them are in
 * Alice's default group (myContacts finds them); the rest are only in the directory.
 */
export function generatedDirectory(size: number, inContactList = size): DirectorySpec {
  const people: PersonSpec[] = [{ uri: 'sip:alice@contoso.com', name: 'Alice Anders', presence: { availability: 'Online' } }];
  for (let i = 0; i < size; i++) {
    people.push({ uri: personUri(i), name: `Person ${i}`, presence: { availability: i % 2 === 0 ? 'Online' : 'Away', deviceType: 'PC' } });
  }
  return {
    people,
    accounts: [
      {
        uri: 'sip:alice@contoso.com',
        password: 'password',
        defaultGroup: Array.from({ length: inContactList }, (_, i) => personUri(i)),
      },
    ],
  };
}
