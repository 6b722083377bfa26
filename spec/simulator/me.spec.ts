import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, startHarness, type Harness, type Session } from './helpers.js';
import { EventReader, makeAvailable, meLink, reload } from './me-helpers.js';

const MINUTE = 60_000;
const XML = { accept: 'application/xml', 'content-type': 'application/xml' };

describe('me and makeMeAvailable (me_ref.md, makeMeAvailable_ref.md, CreateAnApplication.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 60 * MINUTE } });
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('shows makeMeAvailable before, and presence, note, location and reportMyActivity after', async () => {
    const me = `${s.appHref}/me`;
    expect(s.app._embedded.me).toEqual({
      rel: 'me',
      name: 'Alice Anders',
      uri: 'sip:alice@contoso.com',
      emailAddresses: ['alice@contoso.com'],
      title: 'Product Manager',
      department: 'Product',
      company: 'Contoso',
      officeLocation: '10/1000',
      workPhoneNumber: 'tel:+14255551000',
      _links: {
        self: { href: me },
        makeMeAvailable: { href: `${me}/makeMeAvailable` },
        callForwardingSettings: { href: `${me}/callForwardingSettings` },
        phones: { href: `${me}/phones` },
        photo: { href: `${s.appHref}/photos/alice@contoso.com` },
      },
    });

    const res = await s.post(meLink(s, 'makeMeAvailable'), { SupportedModalities: ['Messaging'] });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    const after = (await s.get(s.appHref)).body._embedded.me;
    expect(Object.keys(after._links)).toEqual(['self', 'note', 'presence', 'location', 'reportMyActivity', 'callForwardingSettings', 'phones', 'photo']);
    expect(after._links.presence).toEqual({ href: `${me}/presence` });
    expect(after._links.reportMyActivity).toEqual({ href: `${me}/reportMyActivity` });
    expect(after.endpointUri).toMatch(/^sip:alice@contoso\.com;opaque=user:epid:[\w-]+;gruu$/);
    expect((await s.get(me)).body).toEqual(after);
    expect(h.sim.state().applications[0]?.available).toMatchObject({ modalities: ['Messaging'], messageFormats: ['Plain'], idleAt: h.clock.now() + 5 * MINUTE });
  });

  it('sends communication and me updated, then my presence, note and location added', async () => {
    const reader = new EventReader(h, s);
    await makeAvailable(s);
    expect(await reader.nextLines()).toEqual([
      'communication: updated communication',
      'me: updated me',
      'me: added presence',
      'me: added note',
      'me: added location',
    ]);
  });

  it('takes the request body of the reference: modalities, message formats, signInAs, phone number, audio preference', async () => {
    const body = { audioPreference: 'PhoneAudio', phoneNumber: '4255552222', signInAs: 'BeRightBack', supportedMessageFormats: ['Plain', 'Html'], supportedModalities: ['PhoneAudio', 'Messaging'] };
    await makeAvailable(s, body);
    const communication = (await s.get(`${s.appHref}/communication`)).body;
    expect(communication).toMatchObject({
      audioPreference: 'PhoneAudio',
      phoneNumber: 'tel:+14255552222',
      supportedModalities: ['PhoneAudio', 'Messaging'],
      supportedMessageFormats: ['Plain', 'Html'],
    });
    const presence = await s.get(`${s.appHref}/me/presence`);
    expect(presence.body).toEqual({ rel: 'presence', availability: 'BeRightBack', _links: { self: { href: `${s.appHref}/me/presence` } } });
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ preferredAvailability: 'BeRightBack', availableApplications: [s.appId] });
  });

  it('takes the XML input form', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">\n' +
      '  <property name="signInAs">Busy</property>\n' +
      '  <propertyList name="supportedModalities">\n    <item>Messaging</item>\n  </propertyList>\n</input>';
    const res = await s.post(meLink(s, 'makeMeAvailable'), undefined, { headers: XML, body: xml });
    expect(res.status).toBe(204);
    const presence = await s.get(`${s.appHref}/me/presence`, { headers: { accept: 'application/xml' } });
    expect(presence.text).toContain('<property name="availability">Busy</property>');
    expect(presence.text).toContain(`<resource rel="presence" href="${s.appHref}/me/presence"`);
  });

  it.each([
    [{ supportedModalities: ['Messaging', 'Telepathy'] }, 'supportedModalities'],
    [{ supportedMessageFormats: ['Markdown'] }, 'supportedMessageFormats'],
    [{ signInAs: 'Sleepy' }, 'signInAs'],
    [{ audioPreference: 'Loud' }, 'audioPreference'],
    [{ phoneNumber: 'call me' }, 'phoneNumber'],
    [{ inactiveTimeout: 0 }, 'inactiveTimeout'],
    [{ inactiveTimeout: 'soon' }, 'inactiveTimeout'],
  ])('refuses %j with 400 ParameterValidationFailure', async (body, name) => {
    const res = await s.post(meLink(s, 'makeMeAvailable'), body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure', parameters: { [name]: expect.any(String) } });
    expect(h.sim.state().applications[0]?.available).toBeUndefined();
  });

  it('refuses modalities other than Messaging and PhoneAudio with 403, and a second call with 409 AlreadyExists', async () => {
    const audio = await s.post(meLink(s, 'makeMeAvailable'), { supportedModalities: ['Messaging', 'Audio'] });
    expect(audio.status).toBe(403);
    expect(audio.body).toEqual({ code: 'Forbidden', message: 'The application is attempting to use modalities other than Messaging and Phone Audio.' });
    await makeAvailable(s);
    const again = await s.post(meLink(s, 'makeMeAvailable'), { supportedModalities: ['Messaging'] });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'Conflict', subcode: 'AlreadyExists', message: 'Multiple invocations of this operation is not valid.' });
  });

  it('answers 409 MakeMeAvailableRequired for my presence, note, location and reportMyActivity in lurker mode', async () => {
    const me = `${s.appHref}/me`;
    const requests: Array<[string, string, unknown]> = [
      ['GET', `${me}/presence`, undefined],
      ['POST', `${me}/presence`, { availability: 'Busy' }],
      ['GET', `${me}/note`, undefined],
      ['POST', `${me}/note`, { message: 'hi' }],
      ['GET', `${me}/location`, undefined],
      ['POST', `${me}/location`, { location: 'here' }],
      ['POST', `${me}/reportMyActivity`, undefined],
    ];
    for (const [method, href, body] of requests) {
      const res = method === 'GET' ? await s.get(href) : await s.post(href, body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'Conflict', subcode: 'MakeMeAvailableRequired' });
    }
    expect(h.sim.userState('alice@contoso.com').note).toBeUndefined();
  });

  it('answers 405 for wrong methods on the new resources', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', `${s.appHref}/me/makeMeAvailable`, 'POST'],
      ['DELETE', `${s.appHref}/me/presence`, 'GET, POST'],
      ['PUT', `${s.appHref}/me/note`, 'GET, POST'],
      ['GET', `${s.appHref}/me/reportMyActivity`, 'POST'],
      ['POST', `${s.appHref}/photos/alice@contoso.com`, 'GET'],
      ['POST', `${s.appHref}/people/search?query=a`, 'GET'],
      ['POST', `${s.appHref}/people/bob@contoso.com/supportedMedia`, 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await s.get(path, { method });
      expect([path, res.status, res.headers.get('allow')]).toEqual([path, 405, allow]);
    }
  });

  it('must be made available again after resume: availability is transient state', async () => {
    await makeAvailable(s);
    h.sim.forceResume(s.appId);
    const app = await reload(s);
    expect(app.app._embedded.me._links.makeMeAvailable).toBeDefined();
    expect(app.app._embedded.me._links.presence).toBeUndefined();
    expect((await s.get(`${s.appHref}/me/presence`)).status).toBe(409);
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Offline' }, availableApplications: [] });
    await makeAvailable(s);
    expect((await s.get(`${s.appHref}/me/presence`)).body.availability).toBe('Online');
  });

  it('answers OPTIONS on applications with the metadata of POST (applications_ref.md)', async () => {
    const json = await s.get('/ucwa/oauth/v1/applications', { method: 'OPTIONS' });
    expect(json.status).toBe(200);
    expect(json.body).toEqual({
      metadata: [
        {
          httpMethod: 'POST',
          parameters: ['culture', 'endpointId', 'instanceId', 'userAgent'].map((name) => ({ name, supportedValues: [] })),
        },
      ],
    });
    const xml = await s.get('/ucwa/oauth/v1/applications', { method: 'OPTIONS', headers: { accept: 'application/xml' } });
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(xml.text).toContain('<optionsMetadata xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">');
    expect(xml.text).toContain('<httpMethod>POST</httpMethod>');
    expect(xml.text).toContain('<name>endpointId</name>');
    const anonymous = await fetch(`${h.sim.origin}/ucwa/oauth/v1/applications`, { method: 'OPTIONS' });
    expect(anonymous.status).toBe(401);
  });
});
