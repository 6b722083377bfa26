/**
 * The cross-domain frame (root_ref `xframe`, Cross-domain IFRAME in the UCWA documentation):
 * a page on the pool's origin that a web application embeds in an iframe and talks to with
 * postMessage. It takes a JSON string (or object) describing a request — `type`, `url`,
 * `headers`, `data`, `messageId`, and the jQuery-style `accepts` and `contentType`, optionally
 * wrapped as `{request: {...}}` — sends it to its own origin with the page's origin in
 * `X-Ms-Origin`, and posts back, to the sender's origin, a JSON string with `status`,
 * `statusText` (jQuery's: `success`, `notmodified` or `error`), `headers` (one `Name: value`
 * line per header, CRLF-separated, in the case UCWA writes them) and `responseText`, with the
 * same `messageId`. Requests for another origin get status 403. The server checks X-Ms-Origin
 * against its allowed list.
 */
export const XFRAME_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>UCWA cross-domain frame (ucwa-rx simulator)</title></head>
<body>
<script>
(function () {
  'use strict';
  var CANONICAL = {
    'cache-control': 'Cache-Control', 'content-length': 'Content-Length', 'content-type': 'Content-Type', 'etag': 'ETag',
    'location': 'Location', 'retry-after': 'Retry-After', 'www-authenticate': 'WWW-Authenticate',
    'x-ms-diagnostics': 'X-Ms-diagnostics', 'x-ms-server-fqdn': 'X-MS-Server-Fqdn'
  };
  function headerName(name) {
    return CANONICAL[name] || name.split('-').map(function (part) { return part.charAt(0).toUpperCase() + part.slice(1); }).join('-');
  }
  function headerLines(headers) {
    var lines = [];
    headers.forEach(function (value, name) {
      // fetch joins repeated headers with ", "; the challenges of a 401 go back one per line, as the server sent them.
      var values = name === 'www-authenticate' ? value.split(/,\\s*(?=(?:Bearer|MsRtcOAuth|Negotiate|NTLM|Basic)\\b)/) : [value];
      values.forEach(function (item) { lines.push(headerName(name) + ': ' + item); });
    });
    return lines.length === 0 ? '' : lines.join('\\r\\n') + '\\r\\n';
  }
  function statusText(status) {
    return status >= 200 && status < 300 ? 'success' : status === 304 ? 'notmodified' : 'error';
  }
  function bodyOf(data, contentType) {
    if (data === undefined || data === null || typeof data === 'string') return data;
    if (/json/i.test(contentType || '')) return JSON.stringify(data);
    var form = new URLSearchParams();
    Object.keys(data).forEach(function (key) { form.append(key, String(data[key])); });
    return form.toString();
  }
  window.addEventListener('message', function (event) {
    var message;
    try { message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (error) { return; }
    if (!message || typeof message !== 'object') return;
    var request = message.request && typeof message.request === 'object' ? message.request : message;
    if (typeof request.url !== 'string' || !event.source) return;
    var source = event.source;
    var origin = event.origin;
    function reply(response) {
      response.messageId = request.messageId;
      source.postMessage(JSON.stringify(response), origin === 'null' ? '*' : origin);
    }
    var url;
    try { url = new URL(request.url, location.href); } catch (error) { url = null; }
    if (!url || url.origin !== location.origin) {
      reply({ status: 403, statusText: 'error', headers: '', responseText: '' });
      return;
    }
    var headers = new Headers();
    var given = request.headers || {};
    Object.keys(given).forEach(function (name) {
      var value = given[name];
      if (value !== undefined && value !== null && value !== '') headers.set(name, String(value));
    });
    if (request.accepts && !headers.has('Accept')) headers.set('Accept', typeof request.accepts === 'string' ? request.accepts : String(request.accepts['*'] || ''));
    if (request.contentType && !headers.has('Content-Type')) headers.set('Content-Type', request.contentType);
    headers.set('X-Ms-Origin', origin);
    headers.set('X-Requested-With', 'XMLHttpRequest');
    var method = String(request.type || 'GET').toUpperCase();
    var body = bodyOf(request.data, headers.get('Content-Type'));
    var init = { method: method, headers: headers, credentials: 'same-origin', cache: request.cache === false ? 'no-store' : 'default' };
    if (method === 'GET' || method === 'HEAD') {
      if (body) url.search += (url.search ? '&' : '?') + body;
    } else if (body !== undefined && body !== null && body !== '') {
      init.body = body;
    }
    fetch(url.href, init).then(
      function (response) {
        return response.text().then(function (text) {
          reply({ status: response.status, statusText: statusText(response.status), headers: headerLines(response.headers), responseText: text });
        });
      },
      function () { reply({ status: 0, statusText: 'error', headers: '', responseText: '' }); }
    );
  });
})();
</script>
</body>
</html>
`;
