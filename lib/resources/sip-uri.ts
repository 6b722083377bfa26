import { InvalidArgumentError } from '../errors/argument-errors.js';

const SIP = /^sip:[^\s@:;<>"]+@[^\s@;<>"]+$/i;

/**
 * A SIP URI as UCWA wants it: `sip:user@domain`. A bare `user@domain` gets the scheme
 * added; anything else is refused with a typed error before anything is sent.
 */
export function normaliseSipUri(input: string): string {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  const withScheme = /^sip:/i.test(trimmed) ? `sip:${trimmed.slice(4)}` : `sip:${trimmed}`;
  if (!SIP.test(withScheme)) throw new InvalidArgumentError('uri', 'a SIP URI like sip:bob@contoso.com', JSON.stringify(String(input).slice(0, 80)));
  return withScheme;
}

/** The key under which a contact is pooled and cached: its SIP URI in lower case. */
export function sipKey(uri: string): string {
  return normaliseSipUri(uri).toLowerCase();
}
