import { isHttpError, isUcwaError, isUcwaErrorOfKind } from '../errors/guards.js';

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

/**
 * Whether a failure of creating the application (POST applications) is a refusal of it: a 4xx
 * that repeating cannot fix, such as 403 (the user may not use UCWA) or 400 (the input refused).
 * 404, 408, 409 TooManyApplications (another application of the user may expire), 410
 * CannotRedirect and 429 are not: they are retried like the network. Nor are 413, 414 and 431
 * (the request or its URL too large): the URL came from the server's links, which discovery
 * reads again.
 */
export function refusesTheApplication(error: unknown): boolean {
  if (isUcwaErrorOfKind(error, 'tooManyApplications')) return false;
  if (!isHttpError(error) || error.status < 400 || error.status >= 500) return false;
  if ([404, 408, 410, 413, 414, 429, 431].includes(error.status)) return false;
  return !isHttpError(error, 409, 'TooManyApplications');
}
