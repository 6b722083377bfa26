import { STATUS_CODES } from 'node:http';
import type { FaultStatus } from './faults.js';

/** A complete response the proxy writes itself. */
export interface ProxyReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
}

const UCWA_ERRORS: Readonly<Record<FaultStatus, { readonly code: string; readonly subcode?: string; readonly message: string }>> = {
  410: { code: 'Gone', subcode: 'CannotRedirect', message: 'Cannot redirect since there is no back up pool configured.' },
  429: { code: 'TooManyRequests', message: 'Too many outstanding requests.' },
  500: { code: 'ServiceFailure', message: 'Internal Server Error.' },
  502: { code: 'ServiceFailure', message: 'Internal Server Error, bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
  504: { code: 'Timeout', message: 'Internal Server Error, remote timeout.' },
};

/** A UCWA error body (`{code, subcode?, message}`, ErrorsAndInformationalMessages.md) with that status. */
export function ucwaErrorReply(status: FaultStatus, retryAfterS?: number): ProxyReply {
  const error = UCWA_ERRORS[status];
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (retryAfterS !== undefined) headers['Retry-After'] = String(retryAfterS);
  return { status, headers, body: Buffer.from(JSON.stringify(error), 'utf8') };
}

/**
 * An HTML page in place of a UCWA answer: an IIS or reverse-proxy error page for 5xx, and for 200
 * the kind of page a captive portal or a misrouted load balancer serves.
 */
export function htmlReply(status: number): ProxyReply {
  const title = status === 200 ? 'Sign in to continue' : `${status} - ${STATUS_CODES[status] ?? 'Error'}`;
  const text =
    status === 200
      ? 'Your session with the network gateway has expired. Please sign in again.'
      : 'The server encountered an error while processing the request through the gateway.';
  const page = `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body><h1>${title}</h1><p>${text}</p></body></html>\n`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from(page, 'utf8') };
}
