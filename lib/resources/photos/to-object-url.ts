import { Observable, type OperatorFunction } from 'rxjs';
import type { Photo } from './photos.js';

/**
 * Turns photos into object URLs for `<img src>` (browsers, and Node 20+): each photo becomes a
 * `blob:` URL, `undefined` (no photo) stays undefined. A URL lives as long as the subscription: it
 * is revoked when the next one replaces it and when the subscriber leaves (the stream does not
 * complete when the photos do, which would revoke the URL the page still shows), so nothing leaks:
 *
 * ```ts
 * client.photos.photo('sip:bob@contoso.com').pipe(toObjectUrl()).subscribe((url) => (img.src = url ?? placeholder));
 * ```
 */
export function toObjectUrl(): OperatorFunction<Photo | undefined, string | undefined> {
  return (source) =>
    new Observable<string | undefined>((subscriber) => {
      let current: string | undefined;
      const revoke = (): void => {
        if (current !== undefined) URL.revokeObjectURL(current);
        current = undefined;
      };
      const inner = source.subscribe({
        next: (photo) => {
          revoke();
          if (photo) current = URL.createObjectURL(new Blob([photo.bytes as BlobPart], { type: photo.contentType }));
          subscriber.next(current);
        },
        error: (error: unknown) => subscriber.error(error),
      });
      return () => {
        inner.unsubscribe();
        revoke();
      };
    });
}
