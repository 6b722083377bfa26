import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, Session, signIn, startHarness, until, type Harness, type HttpResult, type Json } from './helpers.js';

const MINUTE = 60_000;
const NOT_FOUND_APP = { code: 'NotFound', subcode: 'ApplicationNotFound', message: expect.any(String) };

/** One instance of an application, as a client holding it sees it: its own self and events links. */
class InstanceSession extends Session {
  /** The application id (the self href carries `?instanceId=`). */
  override get appId(): string {
    return (this.selfHref.split('?')[0] ?? '').split('/').pop() ?? '';
  }

  /** The application's self href as this instance got it (with `?instanceId=`). */
  get selfHref(): string {
    return this.app._links.self.href as string;
  }

  /** The instance's events href with `ack`. */
  instanceEvents(ack: number): string {
    const url = new URL(this.app._links.events.href as string, this.sim.origin);
    url.searchParams.set('ack', String(ack));
    return `${url.pathname}${url.search}`;
  }

  /** The state of this instance on the server, if it exists. */
  state(): Json {
    const app = this.sim.state().applications.find((a) => a.id === this.appId);
    return app?.instances.find((i) => i.instanceId === this.app.instanceId);
  }

  /** Sends a P-GET on this instance's channel; resolves once it is held or answered. */
  async poll(ack: number): Promise<{ response: Promise<HttpResult> }> {
    const response = this.get(this.instanceEvents(ack));
    let done = false;
    response.then(
      () => (done = true),
      () => (done = true),
    );
    await until(() => done || this.state()?.eventChannel.held === true);
    return { response };
  }
}

describe('application instances (MultiTabSupport.md)', () => {
  let h: Harness;
  let token: string;
  let applications: string;
  beforeEach(async () => {
    h = await startHarness({ limits: { maxApplicationsPerUser: 2, maxInstancesPerApplication: 3 } });
    token = await signIn(h.sim);
    applications = `${h.sim.origin}/ucwa/oauth/v1/applications`;
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const create = (endpointId: string, instanceId?: string): Promise<HttpResult> =>
    http(applications, { token, json: { userAgent: 'tabs', endpointId, culture: 'en-US', ...(instanceId === undefined ? {} : { instanceId }) } });

  async function join(endpointId: string, instanceId: string): Promise<InstanceSession> {
    const response = await create(endpointId, instanceId);
    expect([200, 201]).toContain(response.status);
    return new InstanceSession(h.sim, token, response.body);
  }

  it('gives the same application to the same endpointId, a new event channel (201) to each new instanceId and the existing one (200) again', async () => {
    const first = await create('profile', 'tab-1');
    const second = await create('profile', 'tab-2');
    const again = await create('profile', 'tab-1');
    expect([first.status, second.status, again.status]).toEqual([201, 201, 200]);
    const id = (first.body._links.self.href as string).split('?')[0];
    expect(first.body._links.self.href).toBe(`${id}?instanceId=tab-1`);
    expect(first.body._links.events.href).toBe(`${id}/events?ack=1&instanceId=tab-1`);
    expect(second.body._links.self.href).toBe(`${id}?instanceId=tab-2`);
    expect(second.body._links.events.href).toBe(`${id}/events?ack=1&instanceId=tab-2`);
    expect(second.body).toMatchObject({ instanceId: 'tab-2', endpointId: 'profile' });
    // Links under the application are shared: the people hub is the same for both.
    expect(second.body._embedded.people._links.presenceSubscriptions.href).toBe(first.body._embedded.people._links.presenceSubscriptions.href);
    const state = h.sim.state().applications;
    expect(state).toHaveLength(1);
    expect(state[0]?.instances.map((i) => i.instanceId)).toEqual(['tab-1', 'tab-2']);
  });

  it('counts applications, not instances, against TooManyApplications, and bounds the instances of one application', async () => {
    for (const instanceId of ['a', 'b', 'c']) expect((await create('one', instanceId)).status).toBe(201);
    expect((await create('two', 'a')).status).toBe(201);
    expect((await create('two', 'b')).status).toBe(201);
    const third = await create('three', 'a');
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'Conflict', subcode: 'TooManyApplications' });
    const fourthInstance = await create('one', 'd');
    expect(fourthInstance.status).toBe(409);
    expect(fourthInstance.body.subcode).toBe('TooManyApplications');
    expect(h.sim.state().applications.map((a) => a.instances.length)).toEqual([3, 2]);
  });

  it('gives each instance its own event channel: every event reaches both, and a P-GET replaces only its own instance', async () => {
    const one = await join('profile', 'tab-1');
    const two = await join('profile', 'tab-2');
    const subscription = await one.post(one.people('presenceSubscriptions'), { duration: 30, uris: ['sip:bob@contoso.com'] });
    expect(subscription.status).toBe(201);
    const [a, b] = [await one.poll(1), await two.poll(1)];
    await h.advance(20_000); // the aggregation windows
    const [ra, rb] = [await a.response, await b.response];
    expect(Session.events(ra.body).map((e: Json) => e.link.rel)).toContain('presenceSubscription');
    expect(Session.events(rb.body).map((e: Json) => e.link.rel)).toContain('presenceSubscription');
    expect(ra.body._links.next.href).toBe(one.instanceEvents(2));

    const heldA = await one.poll(2);
    const heldB = await two.poll(2);
    expect(h.sim.state().outstandingPgets).toBe(2);
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await h.advance(5_000);
    for (const held of [heldA, heldB]) {
      const response = await held.response;
      expect(Session.events(response.body).map((e: Json) => `${e.type} ${e.link.rel}`)).toEqual(['updated contactPresence']);
    }

    const holding = await one.poll(3);
    await two.poll(3);
    const replacing = await one.poll(3);
    expect((await holding.response).body).toMatchObject({ code: 'Conflict', subcode: 'PGetReplaced' });
    expect(h.sim.state().outstandingPgets).toBe(2);
    expect(two.state().eventChannel.held).toBe(true);
    void replacing;
  });

  it('deletes only the instance named by instanceId, and the application with its last instance', async () => {
    const one = await join('profile', 'tab-1');
    const two = await join('profile', 'tab-2');
    const heldOne = await one.poll(1);
    const heldTwo = await two.poll(1);
    expect((await one.delete(one.selfHref)).status).toBe(204);
    const released = await heldOne.response;
    expect(released.status).toBe(404);
    expect(released.body).toEqual(NOT_FOUND_APP);
    expect(two.state().eventChannel.held).toBe(true);
    // The deleted instance no longer exists; the application and the other instance do.
    expect((await one.get(one.instanceEvents(1))).body).toEqual(NOT_FOUND_APP);
    expect((await one.get(one.selfHref)).status).toBe(404);
    expect((await one.delete(one.selfHref)).body).toEqual(NOT_FOUND_APP);
    expect((await two.get(two.selfHref)).status).toBe(200);
    expect(h.sim.state().applications[0]?.instances.map((i) => i.instanceId)).toEqual(['tab-2']);
    // Joining again creates the instance anew: 201, a fresh channel.
    const back = await create('profile', 'tab-1');
    expect(back.status).toBe(201);
    expect(back.body._links.events.href).toMatch(/events\?ack=1&instanceId=tab-1$/);

    expect((await two.delete(two.selfHref)).status).toBe(204);
    expect((await heldTwo.response).status).toBe(404);
    expect((await one.delete(new InstanceSession(h.sim, token, back.body).selfHref)).status).toBe(204);
    expect(h.sim.state().applications).toEqual([]);
  });

  it('deletes the whole application, every instance, when DELETE names no instance', async () => {
    const one = await join('profile', 'tab-1');
    const two = await join('profile', 'tab-2');
    const held = await two.poll(1);
    const whole = one.selfHref.split('?')[0] ?? '';
    expect((await one.delete(whole)).status).toBe(204);
    expect((await held.response).body).toEqual(NOT_FOUND_APP);
    expect(h.sim.state().applications).toEqual([]);
  });

  it('expires an idle instance on its own while another polls; the application goes with the last one', async () => {
    const busy = await join('profile', 'busy');
    const idle = await join('profile', 'idle');
    const first = [await busy.poll(1), await idle.poll(1)];
    await h.advance(180_000); // the P-GETs' timeout: empty responses
    for (const held of first) expect((await held.response).status).toBe(200);
    // From now on only `busy` polls (an empty response every 3 minutes) and uses the application.
    let held = await busy.poll(2);
    let ack = 2;
    const poll = async (minutes: number): Promise<void> => {
      for (let step = 0; step < minutes / 3; step++) {
        await h.advance(3 * MINUTE);
        await held.response;
        await busy.get(busy.people('presenceSubscriptions'));
        ack += 1;
        held = await busy.poll(ack);
      }
    };
    await poll(12);
    expect(idle.state()).toBeDefined();
    await poll(6);
    expect(idle.state()).toBeUndefined();
    expect((await idle.get(idle.instanceEvents(2))).body).toEqual(NOT_FOUND_APP);
    expect(busy.state()).toBeDefined();
    expect(h.sim.state().counters.applicationsExpired).toBe(0);
    // When `busy` stops too, it expires, and the application with it.
    await h.advance(3 * MINUTE);
    await held.response;
    await h.advance(16 * MINUTE);
    expect(h.sim.state().applications).toEqual([]);
    expect(h.sim.state().counters.applicationsExpired).toBe(1);
  });

  it('resets an idle instance to `resume` while another listens, and drops the shared subscriptions only when nobody listens', async () => {
    const one = await join('profile', 'tab-1');
    const two = await join('profile', 'tab-2');
    expect((await one.post(one.people('presenceSubscriptions'), { duration: 30, uris: ['sip:bob@contoso.com'] })).status).toBe(201);
    let held = await one.poll(1);
    await h.advance(20_000);
    const first = await held.response;
    held = await one.poll(2);
    // Six minutes: tab-2 never polled, tab-1 polls (its P-GET is held and answered at the timeout).
    await h.advance(3 * MINUTE);
    await held.response;
    held = await one.poll(3);
    await h.advance(3 * MINUTE);
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    const late = await (await two.poll(1)).response;
    expect(late.body._links.resume).toBeDefined();
    expect(Session.events(late.body)).toEqual([]);
    expect(first.body._links.next).toBeDefined();
    // Now both go quiet: past the window nobody listens, and the shared state goes.
    await held.response;
    await h.advance(6 * MINUTE);
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toEqual([]);
  });
});
