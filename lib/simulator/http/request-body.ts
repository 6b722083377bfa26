import type { IncomingMessage } from 'node:http';

/** How reading a request body ended. */
export type BodyResult =
  | { readonly kind: 'complete'; readonly body: Buffer }
  /** The client went away before the body was complete. */
  | { readonly kind: 'aborted' };

/**
 * Reads a request body. Never rejects: a connection that closes or fails before the end of the
 * body resolves `aborted`, so a handler always finishes.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'complete', body: Buffer.concat(chunks) });
    const onAborted = (): void => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
    if (req.readableEnded) onEnd();
  });
}
