import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError } from '../../lib/errors/decode-error.js';
import { MemoryShareHub } from '../../lib/share/memory-transport.js';
import { createSharedClient } from '../../lib/share/shared-client.js';
import { readMessage } from '../../lib/share/share-messages.js';
import { fromWire, sameWireValue, toWire } from '../../lib/share/wire-value.js';
import { FakeUcwaClient } from '../../lib/testing/fake-ucwa-client.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { checkAsyncProperty, checkProperty } from '../support/fuzz.js';
import { extremeValue, hostileValue } from './client-arbitraries.js';

const BOB = 'sip:bob@contoso.com';
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Messages a participant may receive from a foreign or broken one: any value, or a near miss of a real message. */
const foreignMessage: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  fc.record({ v: fc.oneof(fc.constant(1), fc.integer(), hostileValue), type: fc.constantFrom('wishes', 'bye', 'call', 'cancel', 'leader', 'stream', 'reply', 'x'), tab: hostileValue, term: hostileValue, key: hostileValue, signal: hostileValue, wishes: hostileValue, args: hostileValue, id: hostileValue }, { requiredKeys: ['v', 'type'] }),
);

/** A message of the current leader's term carrying a value that has hurt parsers (100,000-deep nesting...). */
const extremeStreamValue: fc.Arbitrary<unknown> = extremeValue.map((value) => ({ v: 1, type: 'stream', term: 1, key: `presence$|${BOB}`, signal: { kind: 'next', value } }));

describe('share messages from foreign or broken participants', () => {
  it('are read or refused with a DecodeError, nothing else', () => {
    checkProperty(
      fc.property(foreignMessage, (raw) => {
        try {
          readMessage(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });

  it('values cross intact: errors rebuilt, plain data equal', () => {
    checkProperty(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(sameWireValue(toWire(fromWire(structuredClone(toWire(value)))), toWire(value))).toBe(true);
      }),
    );
  });

  it('never stop a participant: refused ones are reported, presence goes on', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(fc.array(fc.oneof(foreignMessage, extremeStreamValue), { maxLength: 4 }), async (messages) => {
        const hub = new MemoryShareHub();
        const fakes: FakeUcwaClient[] = [];
        const options = { discoveryUrl: 'https://lyncdiscover.contoso.com/', token: 'cwt=unused', clock: new ManualClock() };
        const createOwn = (): FakeUcwaClient => {
          const fake = new FakeUcwaClient();
          fake.setPresence(BOB, { availability: 'Online' });
          fakes.push(fake);
          return fake;
        };
        const clients = [createSharedClient(options, { transport: hub.transport(), createOwn }), createSharedClient(options, { transport: hub.transport(), createOwn })];
        const values: string[] = [];
        const problems: unknown[] = [];
        const subscriptions = [
          clients[1]!.presence$(BOB).subscribe((p) => values.push(p.availability)),
          clients[1]!.diagnostics$.subscribe((d) => problems.push(d)),
        ];
        try {
          await flush();
          await flush();
          // A value that cannot be cloned is refused to its sender (as postMessage does): it never reaches anyone.
          const sent = messages.filter((message) => {
            try {
              hub.inject(message);
              return true;
            } catch {
              return false;
            }
          });
          await flush();
          fakes[0]!.setPresence(BOB, { availability: 'Away' });
          await flush();
          expect(problems.every((p) => p instanceof Error)).toBe(true);
          // A message the protocol accepts from a later term fences the real leader off (as it should:
          // same-origin participants are trusted); short of that, the leader's values still arrive.
          if (!sent.some(fencesLeader)) expect(values[values.length - 1]).toBe('Away');
        } finally {
          for (const s of subscriptions) s.unsubscribe();
          await Promise.all(clients.map((c) => c.close()));
        }
      }),
      50,
    );
  });
});

/** True for a message the protocol accepts that claims a later term than the real leader's (1). */
function fencesLeader(raw: unknown): boolean {
  try {
    const message = readMessage(raw);
    return 'term' in message && message.term > 1;
  } catch {
    return false;
  }
}
