import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { TokenSourceAuthenticator } from '../../lib/http/auth/token-source-authenticator.js';
import { createTransport } from '../../lib/http/transport.js';
import { isHttpError, isUcwaError, isCannotRedirect, isApplicationGone } from '../../lib/errors/guards.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { UCWA_ERROR_BRAND } from '../../lib/errors/ucwa-error.js';
import { sendJson, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function failWith(respond: Parameters<TestServer['handle']>[0], method: 'GET' | 'POST' = 'GET'): Promise<unknown> {
  server.handle(respond);
  const transport = createTransport({ auth: new TokenSourceAuthenticator('cwt=TOP-SECRET') });
  return firstValueFrom(transport.request({ method, href: `${server.origin}/ucwa/oauth/v1/applications/1/people?x=1` })).catch((e: unknown) => e);
}

describe('error shapes', () => {
  it('decodes a UCWA error body with subcode, message, debugInfo, parameters and diagnostics', async () => {
    const error = await failWith((_req, res) =>
      sendJson(
        res,
        400,
        {
          code: 'BadRequest',
          subcode: 'ParameterValidationFailure',
          message: 'Please check what you entered and try again.',
          debugInfo: { diagnostics: '2300' },
          parameters: { duration: '45' },
        },
        { 'X-Ms-diagnostics': '1;reason="x"' },
      ),
    );
    expect(isHttpError(error, 400, 'parametervalidationfailure')).toBe(true);
    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      code: 'BadRequest',
      subcode: 'ParameterValidationFailure',
      serverMessage: 'Please check what you entered and try again.',
      debugInfo: { diagnostics: '2300' },
      parameters: { duration: '45' },
      diagnostics: '1;reason="x"',
      method: 'GET',
      fromUcwa: true,
    });
  });

  it('keeps unknown codes and subcodes as sent', async () => {
    const error = await failWith((_req, res) => sendJson(res, 409, { code: 'Conflict', subcode: 'SomethingNewIn2027' }));
    expect(error).toMatchObject({ status: 409, code: 'Conflict', subcode: 'SomethingNewIn2027', fromUcwa: true });
  });

  it('gives a typed error for an HTML page from a proxy', async () => {
    const error = await failWith((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><h1>502 Bad Gateway</h1></html>');
    });
    expect(error).toMatchObject({ kind: 'http', status: 502, code: 'BadGateway', fromUcwa: false, contentType: 'text/html' });
  });

  it('gives a typed error for an empty 503 and converts Retry-After to milliseconds', async () => {
    const error = await failWith((_req, res) => {
      res.writeHead(503, { 'Retry-After': '7' });
      res.end();
    });
    expect(error).toMatchObject({ kind: 'http', status: 503, code: 'ServiceUnavailable', retryAfterMs: 7000, fromUcwa: false });
  });

  it('recognises 410 CannotRedirect and 404 ApplicationNotFound', async () => {
    const gone = await failWith((_req, res) => sendJson(res, 410, { code: 'Gone', subcode: 'CannotRedirect' }));
    expect(isCannotRedirect(gone)).toBe(true);
    const missing = await failWith((_req, res) => sendJson(res, 404, { code: 'NotFound', subcode: 'ApplicationNotFound' }));
    expect(isApplicationGone(missing)).toBe(true);
    expect(isCannotRedirect(missing)).toBe(false);
  });

  it('takes the code from the status when the body gives an empty one', async () => {
    const error = await failWith((_req, res) => sendJson(res, 503, { code: '', subcode: 'Whatever' }));
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable', subcode: 'Whatever' });
  });

  it('treats a JSON body that is not a UCWA error as foreign', async () => {
    const error = await failWith((_req, res) => sendJson(res, 500, { unexpected: ['shape'] }));
    expect(error).toMatchObject({ status: 500, code: 'ServiceFailure', fromUcwa: false });
  });

  it('never carries the token, even when the server echoes it', async () => {
    const error = await failWith((req, res) =>
      sendJson(res, 403, { code: 'Forbidden', message: `token was ${req.headers['authorization'] ?? ''}` }),
    );
    const everything = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)} ${(error as HttpError).serverMessage ?? ''}`;
    expect(everything).not.toContain('TOP-SECRET');
    expect((error as HttpError).serverMessage).toContain('[redacted]');
  });

  it('never carries the token from any field a server echoes it in (message, code, subcode, debugInfo, parameters, headers)', async () => {
    for (const token of ['cwt=TOP-SECRET', 'opaque-7f3a9c2e5b1d']) {
      server.handle((req, res) => {
        const echoed = (req.headers['authorization'] ?? '').replace(/^Bearer /, '');
        sendJson(
          res,
          400,
          {
            code: `Bad${echoed}`,
            subcode: echoed,
            message: `you sent ${echoed}`,
            debugInfo: { token: echoed, nested: { deeper: [echoed, { again: `Bearer ${echoed}` }] }, [echoed]: 1 },
            parameters: { authorization: `Bearer ${echoed}`, list: [echoed] },
          },
          { 'X-Ms-diagnostics': `28020;reason="bad token ${echoed}"`, 'Content-Type': `application/json; echo=${encodeURIComponent(echoed)}` },
        );
      });
      const exchanges: unknown[] = [];
      const transport = createTransport({ auth: new TokenSourceAuthenticator(() => token), onExchange: (e) => exchanges.push(e) });
      const error = await firstValueFrom(
        transport.request({ method: 'GET', href: `${server.origin}/ucwa/people?echo=${encodeURIComponent(token)}&plain=${token}` }),
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'http', status: 400, fromUcwa: true });
      const http = error as HttpError;
      const everything = [String(error), http.stack ?? '', JSON.stringify(error), JSON.stringify(http.debugInfo), JSON.stringify(http.parameters), http.diagnostics, http.code, http.subcode, http.serverMessage, http.contentType, http.url, JSON.stringify(exchanges)].join(' ');
      const secret = token.replace('cwt=', '');
      expect(everything).not.toContain(secret);
      expect(http.debugInfo).toMatchObject({ nested: { deeper: [expect.any(String), { again: expect.stringContaining('[redacted]') }] } });
    }
  });

  it('keeps hostile error bodies small and bounded (deep nesting, many keys)', async () => {
    const depth = 50_000;
    server.handle((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(`{"code":"ServiceFailure","debugInfo":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"parameters":{${Array.from({ length: 5000 }, (_, i) => `"k${i}":"v"`).join(',')}}}`);
    });
    const error = await firstValueFrom(createTransport({ auth: new TokenSourceAuthenticator('t') }).request({ method: 'GET', href: `${server.origin}/x` })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 500, code: 'ServiceFailure' });
    expect(JSON.stringify((error as HttpError).debugInfo).length).toBeLessThan(10_000);
    expect(JSON.stringify((error as HttpError).parameters).length).toBeLessThan(10_000);
  });

  it('recognises errors made by another copy of the library by their brand', () => {
    const foreign = { kind: 'http', status: 500, [Symbol.for('ucwa-rx.error')]: true };
    expect(isUcwaError(foreign)).toBe(true);
    expect(isHttpError(foreign, 500)).toBe(true);
    expect(isUcwaError(new Error('plain'))).toBe(false);
    expect(UCWA_ERROR_BRAND).toBe(Symbol.for('ucwa-rx.error'));
  });
});
