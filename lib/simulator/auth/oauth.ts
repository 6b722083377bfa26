import type { DirectoryStore } from '../directory/directory-store.js';
import { mediaType } from '../http/negotiation.js';
import type { Reply, SimRequest } from '../http/types.js';
import type { TokenStore } from './tokens.js';

/** The grant types the challenge advertises (CreateAnApplication). */
export const ADVERTISED_GRANTS = 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password';

const IIS_401_PAGE = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>
  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>
 </fieldset></div>
</div>
</body>
</html>
`;

/**
 * 401 with the two WWW-Authenticate challenges (Bearer, then MsRtcOAuth with the absolute
 * token URL and grant types) and IIS's HTML page, as CreateAnApplication step 4 shows.
 */
export function unauthorized(origin: string): Reply {
  const host = new URL(origin).hostname;
  return {
    kind: 'raw',
    status: 401,
    contentType: 'text/html',
    body: IIS_401_PAGE,
    headers: {
      'WWW-Authenticate': [
        `Bearer trusted_issuers="00000002-0000-0ff1-ce00-000000000000@${host}", client_id="00000004-0000-0ff1-ce00-000000000000"`,
        `MsRtcOAuth href="${origin}/WebTicket/oauthtoken",grant_type="${ADVERTISED_GRANTS}"`,
      ],
    },
  };
}

/** X-Ms-diagnostics values the reference shows for token errors. */
const DIAGNOSTICS = {
  invalid_grant: '28020;reason="No valid security token."',
  unsupported_grant_type: '28029;reason="Authentication type not allowed."',
} as const;

function oauthError(error: 'invalid_request' | keyof typeof DIAGNOSTICS, origin: string): Reply {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (error !== 'invalid_request') {
    const [code, reason] = DIAGNOSTICS[error].split(';');
    headers['X-Ms-diagnostics'] = `${code ?? ''};source="${new URL(origin).hostname}";${reason ?? ''}`;
  }
  return { kind: 'json', status: 400, body: { error }, headers };
}

/**
 * POST /WebTicket/oauthtoken (AuthenticationInUCWA): the password grant returns
 * `{access_token, expires_in, ms_rtc_identityscope, token_type}`; wrong credentials get 400
 * invalid_grant, other grant types 400 unsupported_grant_type, a malformed request 400
 * invalid_request; the first two carry X-Ms-diagnostics as the reference shows.
 */
export function handleTokenRequest(request: SimRequest, directory: DirectoryStore, tokens: TokenStore): Reply {
  if (request.method !== 'POST') {
    return { kind: 'raw', status: 405, contentType: 'text/html', body: '<html><body>405 - Method not allowed</body></html>', headers: { Allow: 'POST' } };
  }
  if (mediaType(request.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    return oauthError('invalid_request', request.origin);
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  const grant = form.get('grant_type');
  if (grant === null) return oauthError('invalid_request', request.origin);
  if (grant !== 'password') return oauthError('unsupported_grant_type', request.origin);
  const username = form.get('username');
  const password = form.get('password');
  if (username === null || password === null) return oauthError('invalid_request', request.origin);
  const account = directory.authenticate(username, password);
  if (!account) return oauthError('invalid_grant', request.origin);
  const { accessToken, expiresIn } = tokens.issue(account);
  return {
    kind: 'json',
    status: 200,
    body: { access_token: accessToken, expires_in: expiresIn, ms_rtc_identityscope: 'local', token_type: 'Bearer' },
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  };
}
