import { randomUUID } from 'node:crypto';
import { boundaryOf, parseBatch, serializeBatch, type BatchPartRequest, type BatchPartResponse } from '../batch/multipart.js';
import { errorReply, notAllowedInBatch, unsupportedMediaType } from '../http/errors.js';
import { mediaType } from '../http/negotiation.js';
import { renderReply } from '../http/render.js';
import { resolveRequestTarget } from '../http/request-target.js';
import type { Reply, SimRequest } from '../http/types.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import type { Route, RouteContext } from './router.js';

/**
 * The request a part stands for, on the batch's origin and with its credentials, or the 400
 * reply for a target that is not a path or an http URL. Batch and events requests inside a batch
 * are refused by those routes themselves (`inBatch`), on the path the router routes, however it
 * is spelled (`%65vents`, `//events`, `./events`).
 */
function partRequest(part: BatchPartRequest, outer: SimRequest): SimRequest | Reply {
  const target = resolveRequestTarget(part.target, new URL(outer.origin).host, new URL(outer.origin).host);
  if (!target.ok) return errorReply(400, undefined, target.reason);
  const headers: Record<string, string | undefined> = { ...part.headers, authorization: outer.headers.authorization };
  return {
    method: part.method,
    url: target.url,
    headers,
    body: Buffer.from(part.body, 'utf8'),
    origin: outer.origin,
    signal: outer.signal,
    inBatch: true,
    park: () => undefined,
    unpark: () => undefined,
  };
}

/**
 * POST batch: every part goes through the same router with the batch's credentials, in order,
 * and the responses come back as parts in request order. When the user's outstanding requests
 * (the batch counting as its parts) would exceed the limit, 429 and nothing is executed.
 */
async function batch(context: RouteContext): Promise<Reply> {
  const { request, services, account } = context;
  if (request.inBatch) return notAllowedInBatch();
  if (mediaType(request.headers['content-type']) !== 'multipart/batching') return unsupportedMediaType();
  const boundary = boundaryOf(request.headers['content-type']);
  if (boundary === undefined) return errorReply(400, undefined, 'The multipart/batching content type has no boundary.');
  const parts = parseBatch(request.body.toString('utf8'), boundary);
  if (!parts) return errorReply(400, undefined, 'The batch body is not a valid multipart/batching message.');
  const others = Math.max(0, services.outstanding.count(account.key) - 1);
  if (others + parts.length > services.options.limits.maxOutstandingRequests) return errorReply(429);
  const style = { origin: request.origin, absolute: services.options.varyEventHrefs };
  const extra = Math.max(0, parts.length - 1);
  services.outstanding.add(account.key, extra);
  const responses: BatchPartResponse[] = [];
  try {
    for (const part of parts) {
      const inner = partRequest(part, request);
      const reply = 'kind' in inner ? inner : await services.dispatch(inner);
      const rendered = renderReply(reply, part.headers.accept, style);
      responses.push({ status: rendered.status, headers: rendered.headers, body: rendered.body.toString() });
    }
  } finally {
    services.outstanding.remove(account.key, extra);
  }
  const outBoundary = randomUUID();
  return {
    kind: 'raw',
    status: 200,
    contentType: `multipart/batching; boundary="${outBoundary}"`,
    body: serializeBatch(responses, outBoundary),
  };
}

/** The batch resource. */
export const batchRoutes: readonly Route[] = [{ pattern: `${APPLICATION_PATTERN}/batch`, scope: 'app', methods: { POST: batch } }];
