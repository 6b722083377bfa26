import { Observable, Subject } from 'rxjs';
import type { Leadership, ShareTransport } from './share-transport.js';

interface Candidate {
  readonly grant: (token: number) => void;
  readonly revoke: () => void;
}

/**
 * An in-memory bus and lease for tests in one process: messages are structured-cloned and
 * delivered in a later microtask to every transport of the hub (like BroadcastChannel, plus the
 * sender's own copy); the lease goes to the first candidate, then to the next in line when the
 * holder withdraws or {@link MemoryShareHub.crash crashes}.
 */
export class MemoryShareHub {
  private readonly bus = new Subject<{ readonly from: number; readonly message: unknown }>();
  private readonly line: { readonly id: number; readonly candidate: Candidate }[] = [];
  private holder: { readonly id: number; readonly candidate: Candidate } | undefined;
  private readonly crashed = new Set<number>();
  private nextId = 1;
  private tokens = 0;

  /** A new participant's transport. */
  transport(): ShareTransport & { readonly id: number } {
    const id = this.nextId++;
    const messages$ = new Observable<unknown>((subscriber) =>
      this.bus.subscribe(({ message }) => {
        if (this.crashed.has(id)) return;
        let copy: unknown;
        try {
          copy = structuredClone(message);
        } catch {
          return; // what BroadcastChannel reports as `messageerror` to that receiver only
        }
        subscriber.next(copy);
      }),
    );
    const leadership$ = new Observable<Leadership>((subscriber) => {
      const entry = {
        id,
        candidate: { grant: (token: number) => subscriber.next({ leading: true, token }), revoke: () => subscriber.next({ leading: false, token: 0 }) },
      };
      this.line.push(entry);
      this.elect();
      return () => this.withdraw(entry.id);
    });
    return {
      id,
      messages$,
      publish: (message) => {
        if (this.crashed.has(id)) return;
        const copy = structuredClone(message);
        queueMicrotask(() => this.bus.next({ from: id, message: copy }));
      },
      leadership$,
      close: () => this.withdraw(id),
    };
  }

  /**
   * Publishes a raw message as if a participant sent it (for malformed and foreign-version
   * messages). Throws, as `postMessage` does, for a value that cannot be cloned.
   */
  inject(message: unknown): void {
    const copy = structuredClone(message);
    queueMicrotask(() => this.bus.next({ from: 0, message: copy }));
  }

  /**
   * A participant dies without a word (a crashed tab, a killed process): it hears and says
   * nothing more, and its lease goes to the next candidate.
   */
  crash(id: number): void {
    this.crashed.add(id);
    this.withdraw(id, false);
  }

  /** The id of the participant holding the lease. */
  get leaderId(): number | undefined {
    return this.holder?.id;
  }

  private withdraw(id: number, tell = true): void {
    const index = this.line.findIndex((entry) => entry.id === id);
    if (index >= 0) this.line.splice(index, 1);
    if (this.holder?.id === id) {
      const was = this.holder;
      this.holder = undefined;
      if (tell) was.candidate.revoke();
      this.elect();
    }
  }

  private elect(): void {
    if (this.holder) return;
    const next = this.line.find((entry) => !this.crashed.has(entry.id));
    if (!next) return;
    this.holder = next;
    next.candidate.grant(++this.tokens);
  }
}
