/**
 * The `cwt_ucwa` cookie that lets a browser load photos with a plain `<img src>` (no
 * Authorization header): the application resource sets it, scoped to the application's
 * `photos` path, as GetMyPresenceInformation and GetMyPhoto show.
 */

/** The cookie's name. */
export const PHOTO_COOKIE = 'cwt_ucwa';

/** The Set-Cookie value for the bearer token in `authorization`, or undefined without one. */
export function photoCookie(authorization: string | undefined, path: string, secure: boolean): string | undefined {
  const token = /^\s*Bearer\s+cwt=(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) return undefined;
  return `${PHOTO_COOKIE}=${token}; path=${path}; HttpOnly${secure ? '; secure' : ''}`;
}

/** The Authorization value the photo cookie in a Cookie header stands for, if there is one. */
export function cookieAuthorization(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === PHOTO_COOKIE) return `Bearer cwt=${part.slice(separator + 1).trim()}`;
  }
  return undefined;
}
