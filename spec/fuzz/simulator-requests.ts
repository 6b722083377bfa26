/* fast-check arbitraries for raw HTTP requests to the simulator, and how to send one. */
import fc from 'fast-check';
import { almostXml, anyText, inputDocument, inputValues } from './xml-arbitraries.js';

/** Placeholders filled in when a request is sent: the fuzzed application's id, its token, the port. */
export const APP = '{APP}';
export const TOKEN = '{TOKEN}';
export const PORT = '{PORT}';

/** A request as generated; `body` is sent after the head with the framing `framing` asks for. */
export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | Uint8Array;
  /** exact Content-Length, a lie either way, a non-number, none, or chunked transfer. */
  readonly framing: 'exact' | 'more' | 'less' | 'garbage' | 'none' | 'chunked';
}

const SEGMENTS = [
  'ucwa', 'oauth', 'v1', 'applications', APP, APP, APP, 'people', 'presenceSubscriptions', 'presencesubscriptions', 'presenceSubscriptionMemberships',
  'events', 'batch', 'me', 'policies', 'communication', 'groups', 'contacts', 'subscribedContacts', 'contactsAndGroupsSubscription',
  'startOrRefreshSubscriptionToContactsAndGroups', 'stopSubscriptionToContactsAndGroups', 'bob@contoso.com', 'SaraD@Contoso.com', 'nobody@x',
  'presence', 'note', 'location', '_simulator', 'state', 'autodiscover', 'autodiscoverservice.svc', 'root', 'user', 'WebTicket', 'oauthtoken',
  'xframe', 'XFrame.html', '%65vents', '%62atch', '%zz', '%', '%E0%A4%A', '%00', '%2F', '%2e', '..', '.', '', 'EVENTS', '1', '0', '-1',
  'a'.repeat(300), '\u00e9', '%F0%9F%98%80', ',', 'x,bob@contoso.com', '12345678,bob@contoso.com',
] as const;

const randomSegment = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).map((s) => s.replace(/[\s?#]/g, '')),
);
const segment = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...SEGMENTS) }, { weight: 1, arbitrary: randomSegment });

const QUERY_KEYS = ['ack', 'timeout', 'low', 'medium', 'priority', 'duration', 'groupId', 'presenceSubscriptionId', 'expand', 'uri', 'x', 'Ack'] as const;
const queryValue = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', '180', '1800', '5', '10', '30', '99999999999999999999', '1e3', '1.5', '', 'abc', 'true', 'false', '%zz', '%'),
  fc.integer({ min: -5, max: 2000 }).map(String),
  fc.string({ maxLength: 10 }).map((s) => encodeURIComponent(s)),
);
const query = fc.option(
  fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);

const appPrefixes = fc.constantFrom(`/ucwa/oauth/v1/applications/${APP}`, `/ucwa/oauth/v1/applications/${APP}/people`, '/ucwa/oauth/v1/applications', '', '/_simulator', '/autodiscover/autodiscoverservice.svc/root');

/** A path: one of the application's resources most of the time, any arrangement of segments otherwise. */
const path = fc
  .tuple(appPrefixes, fc.array(segment, { maxLength: 5 }), fc.constantFrom('', '/', '//'), fc.integer({ min: 0, max: 20 }))
  .map(([prefix, parts, trailing, slashes]) => {
    const joined = `${prefix}/${parts.join(slashes === 0 ? '//' : '/')}${trailing}`;
    return joined.startsWith('/') ? joined : `/${joined}`;
  });

const A = `/ucwa/oauth/v1/applications/${APP}`;
/** The simulator's resources, as a client would address them. */
const ROUTES: ReadonlyArray<readonly [readonly string[], string]> = [
  [['GET', 'DELETE'], `${A}`], [['GET'], `${A}/me`], [['GET'], `${A}/people`], [['GET'], `${A}/policies`], [['GET'], `${A}/communication`],
  [['POST'], `${A}/batch`], [['GET'], `${A}/events?ack=1`], [['GET'], `${A}/events?ack=2&timeout=180`], [['GET'], `${A}/events?ack=1&low=5&medium=5&priority=1`],
  [['GET', 'POST'], `${A}/people/presenceSubscriptions`], [['GET', 'POST', 'DELETE'], `${A}/people/presenceSubscriptions/0badf00d`],
  [['POST'], `${A}/people/presenceSubscriptions?groupId=1&duration=10`], [['GET', 'POST'], `${A}/people/presenceSubscriptionMemberships`],
  [['GET', 'POST'], `${A}/people/presenceSubscriptionMemberships?presenceSubscriptionId=0badf00d`],
  [['GET', 'DELETE'], `${A}/people/presenceSubscriptionMemberships/0badf00d,bob@contoso.com`], [['GET'], `${A}/people/subscribedContacts`],
  [['GET'], `${A}/people/groups`], [['GET'], `${A}/people/groups/1`], [['GET'], `${A}/people/groups/2?expand=false`], [['GET'], `${A}/people/contacts`],
  [['GET'], `${A}/people/contacts?groupId=1`], [['GET'], `${A}/people/bob@contoso.com`], [['GET'], `${A}/people/SaraD@contoso.com/presence`],
  [['GET'], `${A}/people/bob@contoso.com/note`], [['GET'], `${A}/people/nobody@fabrikam.com/location`], [['GET'], `${A}/people/contactsAndGroupsSubscription`],
  [['POST'], `${A}/people/contactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups?duration=30`],
  [['POST'], `${A}/people/contactsAndGroupsSubscription/stopSubscriptionToContactsAndGroups`], [['POST'], '/ucwa/oauth/v1/applications'],
  [['POST'], '/WebTicket/oauthtoken'], [['GET'], '/autodiscover/autodiscoverservice.svc/root'], [['GET'], '/autodiscover/autodiscoverservice.svc/root/oauth/user'],
  [['GET'], '/Autodiscover/XFrame/XFrame.html'], [['GET'], '/'],
];

/** Spells a path differently: the router must see through it, and nothing may break on it. */
const respell = fc.constantFrom<(path: string) => string>(
  (p) => p,
  (p) => p.replace(/\/([a-z])/i, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
  (p) => p.replace(/\//g, '//'),
  (p) => p.replace(/\/people/, '/./people'),
  (p) => p.replace(/\/people/, '/x/../people'),
  (p) => p.toUpperCase(),
  (p) => p.replace(/\?.*$/, ''),
  (p) => `${p.replace(/\?.*$/, '')}/`,
);

/** A request target: mostly a resource of the simulator or a path with a query; also `//`-paths, absolute URLs and garbage. */
export const target = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(path, query).map(([p, q]) => `${p}${q}`) },
  { weight: 1, arbitrary: fc.tuple(path, query).map(([p, q]) => `/${p}${q}`) },
  { weight: 1, arbitrary: fc.tuple(path, query).map(([p, q]) => `http://127.0.0.1:${PORT}${p}${q}`) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://[', 'http://[::1', 'ftp://x/y', 'no-slash', 'http://a b/', '/%', `/${'x'.repeat(20_000)}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).map((s) => s.replace(/\s/g, '_')) },
);

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'DELETE') },
  { weight: 2, arbitrary: fc.constantFrom('PUT', 'OPTIONS', 'PATCH', 'HEAD') },
  { weight: 1, arbitrary: fc.constantFrom('MKCOL', 'get', 'FOO', 'CONNECT', 'TRACE') },
);

const CONTENT_TYPES = [
  'application/json', 'application/vnd.microsoft.com.ucwa+json', 'application/xml', 'text/xml', 'application/vnd.microsoft.com.ucwa+xml',
  'multipart/batching; boundary=b', 'multipart/batching;boundary="b"', 'multipart/batching', 'text/plain', 'application/x-www-form-urlencoded',
  'application/json; charset=utf-16', '', ';;;', 'multipart/batching; boundary=',
] as const;
const ACCEPTS = ['application/json', 'application/xml', 'application/vnd.microsoft.com.ucwa+xml', 'application/vnd.microsoft.com.ucwa+json', '*/*', 'text/html', ',,,', 'multipart/batching'] as const;

const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));

/** Headers: Host, Authorization, Content-Type, Accept, Origin in their valid and broken forms, and random ones. */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight, arbitrary: usual }, { weight: 1, arbitrary: unusual }, { weight: 1, arbitrary: fc.constant(undefined) });

const rarely = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const headers = fc
  .tuple(
    mostly(fc.constant(`127.0.0.1:${PORT}`), fc.constantFrom(`localhost:${PORT}`, 'a b', '[::1', 'a:99999', '', 'ex_ample.com', 'h/x', `[::1]:${PORT}`), 12),
    mostly(fc.constant(`Bearer ${TOKEN}`), fc.constantFrom(`bearer ${TOKEN}`, 'Bearer cwt=forged', 'Basic abc', 'Bearer', '')),
    mostly(fc.constantFrom('application/json', 'application/xml', 'multipart/batching; boundary=b'), fc.constantFrom(...CONTENT_TYPES), 4),
    mostly(fc.constantFrom('application/json', 'application/xml'), fc.constantFrom(...ACCEPTS), 3),
    rarely(fc.constantFrom('http://localhost:4200', 'http://evil.example', 'null', `http://127.0.0.1:${PORT}`)),
    rarely(fc.constantFrom('POST', 'GET')),
    fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), headerValue), { maxLength: 2 }),
  )
  .map(([host, authorization, contentType, accept, origin, preflight, extra]) => {
    const out: Array<readonly [string, string]> = [];
    if (host !== undefined) out.push(['Host', host]);
    if (authorization !== undefined) out.push(['Authorization', authorization]);
    if (contentType !== undefined) out.push(['Content-Type', contentType]);
    if (accept !== undefined) out.push(['Accept', accept]);
    if (origin !== undefined) out.push(['Origin', origin]);
    if (preflight !== undefined) out.push(['Access-Control-Request-Method', preflight]);
    return [...out, ...extra.filter(([name]) => !/^(content-length|transfer-encoding|connection|host)$/i.test(name))];
  });

const deep = (open: string, close: string): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: 300_000 }).map((depth) => `${open.repeat(depth)}${close.repeat(depth)}`);

/** A value for a UCWA input field: right, wrong, nested or huge. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(10, 15, 30, 5, 31, 0, -1, 10.5, 1e308, '10', 'sip:bob@contoso.com', ' sip:janedoe@contoso.com', 'bob@contoso.com', '', null, true, [], {}),
  fc.array(fc.constantFrom('sip:bob@contoso.com', 'sip:carol@contoso.com', '"sip : x@y"', 'x', '', 'a@b@c'), { maxLength: 6 }),
  fc.jsonValue({ maxDepth: 4 }),
);

const ucwaObject = fc
  .dictionary(fc.constantFrom('duration', 'uris', 'contactUris', 'groupId', 'presenceSubscriptionId', 'userAgent', 'endpointId', 'culture', 'instanceId', 'UserAgent', '__proto__', 'x'), fieldValue, { maxKeys: 5 })
  .map((value) => JSON.stringify(value));

/** A multipart/batching body (boundary `b`) of generated part requests. */
const batchBody = fc
  .array(fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'get'), target, fc.option(ucwaObject, { nil: undefined }), fc.boolean()), { maxLength: 6 })
  .map((parts) =>
    parts
      .map(([method, partTarget, json, crlf]) => {
        const nl = crlf ? '\r\n' : '\n';
        const body = json === undefined ? '' : `Content-Type: application/json${nl}${nl}${json}`;
        return `--b${nl}Content-Type: application/http; msgtype=request${nl}${nl}${method} ${partTarget} HTTP/1.1${nl}Accept: application/json${nl}${body}${nl}`;
      })
      .join('')
      .concat('--b--\r\n'),
  );

const uri = fc.constantFrom('sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:SaraD@contoso.com', 'sip:dave@contoso.com', 'sip:x@fabrikam.com', 'erin@contoso.com');
/** JSON a route accepts (most of the time): subscriptions, memberships, applications. */
const goodJson = fc.oneof(
  fc.record({ duration: fc.integer({ min: 8, max: 32 }), uris: fc.array(uri, { minLength: 1, maxLength: 5 }) }),
  fc.record({ contactUris: fc.array(uri, { minLength: 1, maxLength: 5 }) }),
  fc.record({ duration: fc.integer({ min: 8, max: 62 }) }),
  fc.record({ userAgent: fc.constant('fuzz'), endpointId: fc.constantFrom('fuzz', 'e1', 'e2', 'e3'), culture: fc.constant('en-US') }),
).map((value) => JSON.stringify(value));

/** Request bodies: JSON of right and wrong shapes, deep nesting, huge strings, XML, batches, binary, text. */
export const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: goodJson },
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: ucwaObject },
  { weight: 2, arbitrary: fc.json({ maxDepth: 5 }) },
  { weight: 1, arbitrary: deep('[', ']') },
  { weight: 1, arbitrary: deep('{"a":', '}').map((text) => text.replace(/}$/, '1}')) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => JSON.stringify({ duration: 10, uris: ['x'.repeat(n)] })) },
  { weight: 2, arbitrary: almostXml },
  { weight: 2, arbitrary: fc.tuple(inputValues, fc.boolean()).map(([values, noise]) => inputDocument(values, noise)) },
  { weight: 3, arbitrary: batchBody },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom('grant_type=password&username=alice@contoso.com&password=wrong', 'grant_type=x', '{"a":1,}', 'null', '[1,2]') },
);

/** A method and target: a resource of the simulator with one of its methods (mostly), respelled, or anything. */
const methodAndTarget = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTES), respell, fc.option(query, { nil: '' }))
      .chain(([[methods, route], spell, q]) =>
        fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...methods) }, { weight: 1, arbitrary: method }), fc.constant(`${spell(route)}${route.includes('?') ? '' : q}`)),
      ),
  },
  { weight: 1, arbitrary: fc.tuple(method, target) },
);

/** Whole requests. */
export const request: fc.Arbitrary<FuzzRequest> = fc
  .record({
    methodAndTarget,
    headers,
    body,
    framing: fc.oneof({ weight: 14, arbitrary: fc.constant('exact' as const) }, { weight: 1, arbitrary: fc.constantFrom('more', 'less', 'garbage', 'none', 'chunked') }),
  })
  .map(({ methodAndTarget: [m, t], ...rest }) => ({ method: m, target: t, ...rest }));

/** Requests to the admin API: its operations with JSON bodies of right and wrong shapes. */
export const adminRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS'),
  target: fc
    .tuple(
      fc.constantFrom('state', 'presence', 'note', 'location', 'contacts', 'pinned', 'churn', 'faults', 'resume', 'resync', 'expire-application', 'expire-tokens', 'requests', 'nothing', '', 'STATE'),
      fc.option(fc.array(fc.tuple(fc.constantFrom('uri', 'availability', 'ratePerSecond', 'times', 'applicationId', 'user', 'lastActive', 'path'), queryValue), { maxLength: 3 }), { nil: undefined }),
    )
    .map(([op, pairs]) => `/_simulator/${op}${pairs === undefined ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`}`),
  headers: fc
    .tuple(fc.constantFrom('application/json', 'text/plain', ''), fc.option(fc.constantFrom('http://localhost:4200', 'http://evil.example'), { nil: undefined }))
    .map(([type, origin]): Array<readonly [string, string]> => [['Host', `127.0.0.1:${PORT}`], ['Content-Type', type], ...(origin === undefined ? [] : [['Origin', origin] as const])]),
  body: fc.oneof(
    fc
      .dictionary(
        fc.constantFrom('uri', 'availability', 'activity', 'deviceType', 'lastActive', 'message', 'type', 'location', 'user', 'group', 'ratePerSecond', 'uris', 'seed', 'availabilities', 'method', 'path', 'pathRegex', 'times', 'fault', 'applicationId'),
        fc.oneof(
          fieldValue,
          fc.constantFrom('sip:bob@contoso.com', 'alice@contoso.com', 'Busy', 'Personal', 'Sales', 'always', '(a+)+$', '(', '101'),
          fc.record(
            {
              kind: fc.constantFrom('status', 'drop', 'latency', 'malformed', 'x'),
              status: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant('503')),
              ms: fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.constant(1e300)),
              body: fc.constantFrom('truncated-json', 'html', 'empty', 'xml'),
              when: fc.constantFrom('before', 'after', 'never'),
              headers: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(headerValue, fc.constant('a\r\nb'), fc.integer())),
              retryAfter: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant('soon')),
            },
            { requiredKeys: ['kind'] },
          ),
        ),
        { maxKeys: 5 },
      )
      .map((value) => JSON.stringify(value)),
    fc.json({ maxDepth: 3 }),
    anyText,
    deep('[', ']'),
  ),
  framing: fc.constant('exact' as const),
});

function encode(text: string | Uint8Array): Buffer {
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
}

/** The bytes of a request, placeholders filled in; `Connection: close` so the exchange ends. */
export function serialize(req: FuzzRequest, fill: (text: string) => string): Buffer[] {
  const payload = encode(typeof req.body === 'string' ? fill(req.body) : req.body);
  const lines = [`${req.method} ${fill(req.target)} HTTP/1.1`, ...req.headers.map(([name, value]) => `${name}: ${fill(value)}`), 'Connection: close'];
  let framed = payload;
  switch (req.framing) {
    case 'exact':
      lines.push(`Content-Length: ${payload.length}`);
      break;
    case 'more':
      lines.push(`Content-Length: ${payload.length + 1 + (payload.length % 7)}`);
      break;
    case 'less':
      lines.push(`Content-Length: ${Math.max(0, payload.length - 1 - (payload.length % 5))}`);
      break;
    case 'garbage':
      lines.push('Content-Length: twelve');
      break;
    case 'chunked':
      lines.push('Transfer-Encoding: chunked');
      framed = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'none':
      break;
  }
  return [Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framed];
}
