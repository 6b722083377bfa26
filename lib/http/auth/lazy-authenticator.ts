import type { Authenticator } from './authenticator.js';
import type { OAuthChallenge } from './challenge.js';

/**
 * An authenticator whose code is loaded when the first token is needed (`import()`): apps that
 * sign in with their own token source never download the password grant. The origin binding
 * works before loading, as the transport checks it synchronously.
 */
export class LazyAuthenticator implements Authenticator {
  private instance: Authenticator | undefined;
  private loading: Promise<Authenticator> | undefined;
  private origin: string | undefined;

  constructor(private readonly create: () => Promise<Authenticator>) {}

  get boundOrigin(): string | undefined {
    return this.instance ? this.instance.boundOrigin : this.origin;
  }

  bind(origin: string): void {
    if (this.instance) this.instance.bind(origin);
    else this.origin ??= origin;
  }

  rebind(origin: string): void {
    if (this.instance) this.instance.rebind(origin);
    else this.origin = origin;
  }

  async token(): Promise<string | undefined> {
    return (await this.load()).token();
  }

  async renew(rejected: string | undefined, challenge: OAuthChallenge | undefined, challengeUrl: string): Promise<string> {
    return (await this.load()).renew(rejected, challenge, challengeUrl);
  }

  private load(): Promise<Authenticator> {
    this.loading ??= this.create().then((instance) => {
      if (this.origin !== undefined) instance.bind(this.origin);
      this.instance = instance;
      return instance;
    });
    return this.loading;
  }
}
