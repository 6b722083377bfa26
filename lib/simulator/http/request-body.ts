import type { IncomingMessage } from 'node:http';

/** How reading a request body ended. */
export type BodyResult =
  | { readonly kind: 'complete'; readonly body: Buffer }
  /** The body is longer than the limit (declared or sent): the rest is discarded unread. */
  | { readonly kind: 'too-large' }
  /** The client went away before the body was complete. */
  | { readonly kind: 'aborted' };

/**
 * Reads a request body of at most `limit` bytes. Never rejects: a connection that closes or
 * fails before the end of the body resolves `aborted`, so a handler always finishes. A body
 * declared (Content-Length) or found longer than the limit resolves `too-large` at once; what
 * the client still sends is discarded, not kept.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      if (result.kind === 'too-large') {
        chunks.length = 0;
        req.resume(); // flowing with no listener: the rest is read and dropped
      }
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > limit) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'complete', body: Buffer.concat(chunks) });
    const onAborted = (): void => finish({ kind: 'aborted' });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      finish({ kind: 'too-large' });
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
    if (req.readableEnded) onEnd();
  });
}
