import { describe, expect, it } from '@jest/globals';
import { resolveHref, routingKey, withQuery } from '../../lib/http/href.js';

/** The reference implementation the fast path must agree with. */
function slowKey(href: string, base: string): string {
  const url = resolveHref(href, base);
  const path = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s)).join('/');
  return `${url.origin}/${path}${url.search}`.toLowerCase();
}

describe('routingKey', () => {
  const base = 'https://fe1.contoso.com/ucwa/oauth/v1/applications/101/events?ack=5';

  it('gives the reference samples one key for one contact, whatever the form and case', () => {
    const forms = [
      '/ucwa/oauth/v1/applications/101/people/sarad@contoso.com/presence',
      '/ucwa/oauth/v1/applications/101/people/saraD@Contoso.com/presence',
      'https://fe1.contoso.com:443/ucwa/oauth/v1/applications/101/people/saraD@contoso.com/presence',
      'HTTPS://FE1.contoso.com/ucwa/oauth/v1/applications/101/people/sarad%40contoso.com/presence',
      '//ucwa/oauth/v1/applications/101/people/sarad@contoso.com/presence/',
    ];
    const keys = new Set(forms.map((href) => routingKey(href, base)));
    expect([...keys]).toEqual(['https://fe1.contoso.com/ucwa/oauth/v1/applications/101/people/sarad@contoso.com/presence']);
  });

  it('agrees with URL-based normalisation on ordinary and unusual hrefs', () => {
    const hrefs = [
      '/a/b?x=1',
      'http://sample:80/ucwa/v1/applications/appId/events?ack=2',
      'https://fe1.contoso.com:4443/x/Y',
      '/a/./b/../c',
      '/people/a b',
      'relative/path',
      '/p?',
      'https://user@evil.com/x',
    ];
    for (const href of hrefs) expect(routingKey(href, base)).toBe(slowKey(href.startsWith('//') ? href.slice(1) : href, base));
  });

  it('gives event-style hrefs (absolute, dotted, display case, any port) the key URL normalisation gives', () => {
    const bases = [base, 'http://127.0.0.1:41234/ucwa/oauth/v1/applications/7/people/contacts', 'http://127.1/x', 'https://h:0443/x'];
    const hrefs = [
      'http://127.0.0.1:41234/ucwa/oauth/v1/applications/7/people/sip:Bob@Contoso.com/presence',
      '/ucwa/oauth/v1/applications/7/people/sip:bob@contoso.com/presence',
      'https://FE1.Contoso.com/a.b/c.d',
      'https://fe1.contoso.com:443/x.y',
      'http://h:80/x.y',
      'https://h:80/x.y',
      'http://h:0443/x.y',
      'http://h:65535/x.y',
      'http://127.1/x.y',
      'http://0x7f.1/x.y',
      'http://XN--bcher-kva.ch/x.y',
      '/a/.b/c',
      '/a.b//c',
      '/a.b/',
    ];
    for (const b of bases) for (const href of hrefs) expect(routingKey(href, b)).toBe(slowKey(href, b));
  });

  it('keeps other origins apart', () => {
    expect(routingKey('https://evil.com/ucwa/x', base)).not.toBe(routingKey('/ucwa/x', base));
  });
});

describe('resolveHref and withQuery', () => {
  it('keep server-supplied parameters and add ours with a URL parser', () => {
    const url = withQuery(resolveHref('/ucwa/v1/applications/1/events?ack=5&instanceId=abc', 'https://h/x'), { timeout: 900, low: undefined });
    expect(url.toString()).toBe('https://h/ucwa/v1/applications/1/events?ack=5&instanceId=abc&timeout=900');
  });
});
