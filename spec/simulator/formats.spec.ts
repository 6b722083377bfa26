import { describe, expect, it } from '@jest/globals';
import { boundaryOf, parseBatch, serializeBatch } from '../../lib/simulator/batch/multipart.js';
import { EventQueue } from '../../lib/simulator/events/event-queue.js';
import type { ChannelEvent } from '../../lib/simulator/events/channel-event.js';
import { parseXmlInput } from '../../lib/simulator/format/xml-input.js';
import { stringifyUcwaJson } from '../../lib/simulator/format/json.js';
import { parseInputUri, uriKey } from '../../lib/simulator/directory/uri.js';

describe('multipart/batching', () => {
  it('reads quoted and unquoted boundaries', () => {
    expect(boundaryOf('multipart/batching;boundary="EA370946"')).toBe('EA370946');
    expect(boundaryOf('multipart/batching; boundary=77f2569d-c005')).toBe('77f2569d-c005');
    expect(boundaryOf('multipart/batching')).toBeUndefined();
  });

  it('parses parts with LF or CRLF line ends, absolute targets and bodies', () => {
    const body = [
      '--b',
      'Content-Type: application/http; msgtype=request',
      '',
      'GET https://lyncweb.contoso.com/ucwa/oauth/v1/applications/103/me HTTP/1.1',
      'Accept: application/json',
      '',
      '--b',
      'Content-Type : application/http;msgtype=request',
      'Content-Length : 20',
      '',
      'POST /x HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"a":1}',
      '--b--',
      '',
    ].join('\n');
    expect(parseBatch(body, 'b')).toEqual([
      { method: 'GET', target: 'https://lyncweb.contoso.com/ucwa/oauth/v1/applications/103/me', headers: { accept: 'application/json' }, body: '' },
      { method: 'POST', target: '/x', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
    ]);
    expect(parseBatch('--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--', 'b')).toBeUndefined();
    expect(parseBatch('nothing', 'b')).toBeUndefined();
  });

  it('writes responses as application/http msgtype=response parts', () => {
    expect(serializeBatch([{ status: 204, headers: { 'Cache-Control': 'no-cache' }, body: '' }], 'z')).toBe(
      '--z\r\nContent-Type: application/http; msgtype=response\r\n\r\nHTTP/1.1 204 No Content\r\nCache-Control: no-cache\r\n\r\n\r\n--z--\r\n',
    );
  });
});

describe('XML input', () => {
  it('reads properties and property lists, decoding entities', () => {
    expect(
      parseXmlInput(
        '<?xml version="1.0"?><input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="a">x &amp; y</property>' +
          '<propertyList name="l"><item>1</item><item>&#50;</item></propertyList><propertyList name="e"/><link rel="self" href="/x"/></input>',
      ),
    ).toEqual({ ok: true, input: { a: 'x & y', l: ['1', '2'], e: [] } });
    expect(parseXmlInput('<resource/>').ok).toBe(false);
    expect(parseXmlInput('<input><unknown>1</unknown></input>').ok).toBe(false);
  });
});

describe('UCWA JSON dates and URIs', () => {
  it('writes dates with the escaped solidus', () => {
    expect(stringifyUcwaJson({ lastActive: '/Date(1358827096000)/' })).toBe('{"lastActive":"\\/Date(1358827096000)\\/"}');
  });

  it('normalises URIs', () => {
    expect(uriKey('SaraD@Contoso.com')).toBe('sip:sarad@contoso.com');
    expect(uriKey('SIP:SaraD@contoso.com')).toBe('sip:sarad@contoso.com');
    expect(parseInputUri('"sip : johndoe@contoso.com"')).toBe('sip:johndoe@contoso.com');
    expect(parseInputUri('sip:a@b, sip:c@d')).toBeUndefined();
    expect(parseInputUri(42)).toBeUndefined();
  });
});

describe('event queue', () => {
  const sender = { rel: 'people', href: '/p' };
  const presence = (who: string): ChannelEvent => ({
    type: 'updated',
    priority: 'medium',
    sender,
    link: { rel: 'contactPresence', href: `/p/${who}/presence` },
    mergeKey: `presence:${who}`,
  });
  const windows = { medium: 5000, low: 15000 };

  it('keeps only the latest of merged events, in the position of the latest, without postponing delivery', () => {
    const queue = new EventQueue();
    queue.push(presence('bob'), 0);
    queue.push(presence('sara'), 100);
    queue.push(presence('bob'), 3000);
    expect(queue.peek().map((e) => e.link.href)).toEqual(['/p/sara/presence', '/p/bob/presence']);
    expect(queue.releaseAt(windows)).toBe(5000);
  });

  it('releases high-priority events at once and low ones after the low window', () => {
    const queue = new EventQueue();
    queue.push({ type: 'updated', priority: 'low', sender, link: { rel: 'x', href: '/x' } }, 10);
    expect(queue.releaseAt(windows)).toBe(15010);
    queue.push({ type: 'added', priority: 'high', sender, link: { rel: 'y', href: '/y' } }, 20);
    expect(queue.releaseAt(windows)).toBe(20);
    expect(queue.drain()).toHaveLength(2);
    expect(queue.releaseAt(windows)).toBeUndefined();
  });
});
