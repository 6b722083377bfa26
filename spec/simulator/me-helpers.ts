/* Helpers for the specs of the signed-in user's resources (me, my presence, note, location). */
import { openSession, Session, type Harness, type Json } from './helpers.js';

/** An application with its own event-channel cursor. */
export class EventReader {
  private ack = 1;

  /** @param h the harness; @param s the session whose events are read. */
  constructor(
    private readonly h: Harness,
    readonly s: Session,
  ) {}

  /** Sends the next P-GET, waits out the medium window and returns the events of the response. */
  async next(windowMs = 5000): Promise<Json[]> {
    const held = await this.s.pget(this.ack);
    await this.h.advance(windowMs);
    const res = await held.response;
    this.ack += 1;
    return Session.events(res.body);
  }

  /** The event responses' sender blocks of the next response, as `sender-rel: type link-rel` lines. */
  async nextLines(windowMs = 5000): Promise<string[]> {
    const held = await this.s.pget(this.ack);
    await this.h.advance(windowMs);
    const body = (await held.response).body;
    this.ack += 1;
    return ((body.sender ?? []) as Json[]).flatMap((sender: Json) => (sender.events as Json[]).map((e: Json) => `${sender.rel}: ${e.type} ${e.link.rel}`));
  }
}

/** The embedded me's link of `rel`. */
export function meLink(s: Session, rel: string): string {
  return s.app._embedded.me._links[rel].href as string;
}

/** POSTs makeMeAvailable with `body` (Messaging by default) and fails unless it answers 204. */
export async function makeAvailable(s: Session, body: unknown = { SupportedModalities: ['Messaging'] }): Promise<void> {
  const res = await s.post(meLink(s, 'makeMeAvailable'), body);
  if (res.status !== 204) throw new Error(`makeMeAvailable answered ${res.status} ${res.text}`);
}

/** Reads the application again (its embedded me changes with makeMeAvailable). */
export async function reload(s: Session): Promise<Session> {
  const res = await s.get(s.appHref);
  return new Session(s.sim, s.token, res.body);
}

/** Opens an application for `user` and makes it available; returns the session with the reloaded application. */
export async function availableSession(h: Harness, user = 'alice@contoso.com', endpointId = 'tests', body?: unknown): Promise<Session> {
  const s = await openSession(h.sim, { user, endpointId });
  await makeAvailable(s, body);
  return reload(s);
}
