import { afterEach, describe, expect, it } from '@jest/globals';
import { canShareTabs } from '../../lib/share/lazy-shared-client.js';

const host = globalThis as { navigator?: unknown };
const hadNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

afterEach(() => {
  if (hadNavigator) Object.defineProperty(globalThis, 'navigator', hadNavigator);
  else delete host.navigator;
});

describe('where tabs share', () => {
  it('never in Node, even where Web Locks and BroadcastChannel exist (Node 22+, the Angular server platform)', () => {
    Object.defineProperty(globalThis, 'navigator', { value: { locks: { request: () => Promise.resolve() } }, configurable: true, writable: true });
    expect(typeof BroadcastChannel).toBe('function');
    expect(canShareTabs()).toBe(false);
  });
});
