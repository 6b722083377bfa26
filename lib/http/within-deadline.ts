/**
 * Waiting for a response within a deadline that does not depend on the fetch implementation
 * honouring the abort signal. Once ky has returned a response, the link from the caller's signal
 * to the request goes through a combined signal (`AbortSignal.any`) that Node holds weakly: after
 * a garbage collection aborting does nothing, and a stalled body would be waited for forever. So
 * the deadline races the wait itself and cancels the body stream (which closes the connection);
 * the signal is still passed to fetch.
 */

const ignore = (): void => undefined;

/** A decoder without `stream` keeps no state between calls: one serves every body. */
const utf8 = new TextDecoder();

/** A promise that rejects with the signal's reason when it aborts, and a way to stop listening. */
function whenAborted(signal: AbortSignal): { readonly promise: Promise<never>; readonly stop: () => void } {
  let stop = ignore;
  const promise = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    stop = () => signal.removeEventListener('abort', onAbort);
  });
  promise.catch(ignore);
  return { promise, stop };
}

/**
 * The response of `fetching`, or the signal's abort reason as soon as `signal` aborts. A response
 * that arrives after that is not read: its body is cancelled, so the connection is closed.
 */
export async function headersWithin(fetching: Promise<Response>, signal: AbortSignal): Promise<Response> {
  const aborted = whenAborted(signal);
  try {
    return await Promise.race([fetching, aborted.promise]);
  } catch (error) {
    if (signal.aborted) fetching.then((late) => late.body?.cancel().catch(ignore), ignore);
    throw error;
  } finally {
    aborted.stop();
  }
}

/** The chunks of `response`'s body, or the signal's abort reason as soon as `signal` aborts (the stream is then cancelled). */
async function chunksWithin(response: Response, signal: AbortSignal): Promise<Uint8Array[]> {
  const body = response.body;
  if (!body) return [];
  const reader = body.getReader();
  const aborted = whenAborted(signal);
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), aborted.promise]);
      if (chunk.done) return chunks;
      chunks.push(chunk.value);
    }
  } catch (error) {
    reader.cancel().catch(ignore);
    throw error;
  } finally {
    aborted.stop();
  }
}

/**
 * The body of `response` as bytes, or the signal's abort reason as soon as `signal` aborts,
 * whatever the stream does: the stream is then cancelled.
 */
export async function bytesWithin(response: Response, signal: AbortSignal): Promise<Uint8Array> {
  return concat(await chunksWithin(response, signal));
}

/** The chunks one after the other, in a new array. */
function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body of `response` as text (UTF-8 with replacement characters, as `Response.text()` reads
 * it), or the signal's abort reason as soon as `signal` aborts: see {@link bytesWithin}.
 */
export async function textWithin(response: Response, signal: AbortSignal): Promise<string> {
  const chunks = await chunksWithin(response, signal);
  // Most bodies on a loopback or a LAN arrive in one chunk: it is decoded as it is, without a copy.
  const only = chunks.length === 1 ? chunks[0] : undefined;
  return utf8.decode(only ?? concat(chunks));
}
