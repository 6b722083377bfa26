import { isUcwaError } from '../errors/guards.js';

/**
 * Whether a failure of signing in, creating the application or the event channel ends the
 * connection for good. Only these do: the client was closed, sign-in was refused for good (the
 * wrong password, a refused grant, a token rejected again after a fresh one, a fixed token that
 * cannot follow a redirect: `SignInError.permanent`), the event channel ran out of the retries
 * the user allowed (`eventChannel.retry.maxRetries`), or something that is not a UcwaError at all
 * (a bug, not the network). Everything else (the network, timeouts, 5xx, 429, any other 4xx,
 * unreadable or hostile answers, a token function that threw) is retried with backoff.
 */
export function endsTheConnection(error: unknown): boolean {
  if (!isUcwaError(error)) return true;
  switch (error.kind) {
    case 'closed':
    case 'eventChannel':
      return true;
    case 'signIn':
      return error.permanent;
    default:
      return false;
  }
}
