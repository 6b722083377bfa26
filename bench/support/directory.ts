import type { DirectorySpec, PersonSpec } from '../../lib/simulator/index.js';

/** The user every benchmark signs in as. */
export const BENCH_USER = { username: 'alice@contoso.com', password: 'password' } as const;

/** The SIP URI of generated contact `i`. */
export const contactUri = (i: number): string => `sip:person${i}@contoso.com`;

/** The first `n` contact URIs. */
export const contactUris = (n: number): string[] => Array.from({ length: n }, (_, i) => contactUri(i));

/** A simulator directory: Alice with `size` contacts in her default group (myContacts lists them all). */
export function benchDirectory(size: number): DirectorySpec {
  const people: PersonSpec[] = [{ uri: 'sip:alice@contoso.com', name: 'Alice Anders', presence: { availability: 'Online' } }];
  for (let i = 0; i < size; i++) {
    people.push({ uri: contactUri(i), name: `Person ${i}`, presence: { availability: i % 2 === 0 ? 'Online' : 'Away', deviceType: 'PC' } });
  }
  return { people, accounts: [{ uri: 'sip:alice@contoso.com', password: BENCH_USER.password, defaultGroup: contactUris(size) }] };
}
