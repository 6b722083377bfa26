/**
 * The fetch ky is given for one request: it sends what ky prepared (its `Request`: URL, method,
 * headers, keepalive) through the caller's fetch, with two things of the caller's own.
 *
 * - `signal`, handed to fetch directly. ky joins a caller's signal to its own with
 *   `AbortSignal.any`, and on Node 20 a signal made that way can be garbage collected while the
 *   body is still being read, so that an abort (a deadline) never reaches it: seen in the chaos
 *   soak as a stalled body that outlived its deadline and its socket left open. Handing our signal
 *   to fetch keeps the link strong for as long as the request holds it (and ky need not be given
 *   it at all).
 * - `body`, the request's body as the caller serialised it (and as it gave it to ky). ky's
 *   `Request` holds it as a stream that ky has teed (for retries that ky never makes here, its
 *   retry being off); sending that `Request` on would have fetch build a third `Request` around
 *   it and pipe the stream through a transform. The string goes out as it is, in one write, as
 *   a plain `fetch(url, init)` sends it.
 */
export function signalFetch(base: typeof fetch | undefined, signal: AbortSignal, body?: string | URLSearchParams): typeof fetch {
  const target = base ?? globalThis.fetch;
  return (input, init) => {
    // Anything else (a body this function was not given) goes on as ky made it.
    if (!(input instanceof Request) || (body === undefined && input.body !== null)) return target(input, { ...init, signal });
    return target(input.url, {
      ...init,
      method: input.method,
      headers: input.headers,
      ...(body === undefined ? {} : { body }),
      ...(input.keepalive ? { keepalive: true } : {}),
      signal,
    });
  };
}
