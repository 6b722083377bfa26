import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { createFleetClient, fleetKeys, MIN_LEASE_TTL_MS } from '../../lib/redis/index.js';

// Options are checked before any connection is made: no Redis is needed here.
const base = { discoveryUrl: 'https://lyncdiscover.contoso.com/', redis: { url: 'redis://127.0.0.1:1' } };

describe('fleet client options', () => {
  it('needs an identity with a token: the user is not known before signing in', () => {
    expect(() => createFleetClient({ ...base, token: 'cwt=secret' })).toThrow(InvalidArgumentError);
    expect(() => createFleetClient({ ...base, token: 'cwt=secret' })).toThrow(/identity/);
  });

  it('refuses a lease TTL that is not a whole number of milliseconds from the minimum', () => {
    for (const leaseTtlMs of [0, MIN_LEASE_TTL_MS - 1, 1500.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createFleetClient({ ...base, identity: 'x', leaseTtlMs })).toThrow(InvalidArgumentError);
    }
  });

  it('names an identity’s keys in one Redis Cluster hash slot, braces in the identity escaped', () => {
    const keys = fleetKeys('https://lyncdiscover.contoso.com:alice@contoso.com');
    const tags = Object.values(keys).map((key) => /\{([^}]*)\}/.exec(key)?.[1]);
    expect(new Set(tags).size).toBe(1);
    expect(fleetKeys('a}b{c').lease).toBe('ucwa-rx:{a%7Db%7Bc}:lease');
  });
});
