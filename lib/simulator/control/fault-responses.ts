import { STATUS_CODES } from 'node:http';
import { errorBody } from '../http/errors.js';
import type { Reply, ResponseHeaders, SimResponse } from '../http/types.js';
import type { FaultAction } from './faults.js';

type StatusFault = Extract<FaultAction, { kind: 'status' }>;

/** The error reply of a status fault: `{code, subcode, message}` plus Retry-After and extra headers. */
export function statusFaultReply(fault: StatusFault): Reply {
  const base = errorBody(fault.status, fault.subcode, fault.message, fault.code);
  const headers: ResponseHeaders = { ...(fault.headers ?? {}) };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return { kind: 'error', status: fault.status, error: base, headers };
}

/** An IIS-style HTML error page, as a proxy or the web server itself would answer. */
export function htmlErrorPage(status: number): SimResponse {
  const text = `${status} - ${STATUS_CODES[status] ?? 'Error'}.`;
  return {
    status,
    headers: { 'Content-Type': 'text/html' },
    body: `<!DOCTYPE html>\n<html><head><title>${text}</title></head>\n<body><div id="header"><h1>Server Error</h1></div>\n<div id="content"><h2>${text}</h2></div></body></html>\n`,
  };
}

/** Cuts a handled response's body: half of it, or nothing. */
export function corruptBody(response: SimResponse, kind: 'truncated-json' | 'empty'): SimResponse {
  const text = response.body.toString();
  const body = kind === 'empty' ? '' : text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  return { ...response, body };
}
