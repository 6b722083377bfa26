/**
 * A fetch for one request that carries `signal` itself. ky joins the caller's signal to its own
 * with `AbortSignal.any`, and on Node 20 a signal made that way can be garbage collected while the
 * body is still being read, so that an abort (a deadline) never reaches it: seen in the chaos soak
 * as a stalled body that outlived its deadline and its socket left open. Handing our signal to
 * fetch directly keeps the link strong for as long as the request holds it.
 */
export function signalFetch(base: typeof fetch | undefined, signal: AbortSignal): typeof fetch {
  const target = base ?? globalThis.fetch;
  return (input, init) => target(input, { ...init, signal });
}
