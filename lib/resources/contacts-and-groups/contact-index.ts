import type { ContactResource } from '../../codecs/contact.js';
import type { Located } from '../../http/read-resource.js';
import type { ApplicationSession } from '../application-session.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import { sipKey } from '../sip-uri.js';
import { applicationKey } from '../resource-link.js';

/**
 * The contact resources read so far (from myContacts, groups and events), by lower-case SIP
 * URI, for the current application only: hrefs belong to an application, so the index empties
 * itself when the application changes. Every contact remembered is also taught to the
 * presence directory, so that `presence$` of a listed contact needs no lookup of its own.
 */
export class ContactIndex {
  private readonly byUri = new Map<string, Located<ContactResource>>();
  private application: string | undefined;
  private myContactsRead = false;

  constructor(
    private readonly session: ApplicationSession,
    private readonly directory?: ContactDirectory | undefined,
  ) {}

  /** Remembers contacts just read. */
  remember(contacts: readonly Located<ContactResource>[]): void {
    this.checkApplication();
    for (const contact of contacts) {
      const uri = contact.value.uri;
      if (!uri) continue;
      let key: string;
      try {
        key = sipKey(uri);
      } catch {
        continue;
      }
      this.byUri.set(key, contact);
      this.directory?.learn(contact);
    }
  }

  /** The contact resource of a lower-case SIP URI, if read in this application. */
  find(uriKey: string): Located<ContactResource> | undefined {
    this.checkApplication();
    return this.byUri.get(uriKey);
  }

  /** Whether myContacts was read in this application (the index then knows the whole list). */
  get hasMyContacts(): boolean {
    this.checkApplication();
    return this.myContactsRead;
  }

  /** Records that myContacts was read. */
  markMyContactsRead(): void {
    this.checkApplication();
    this.myContactsRead = true;
  }

  private checkApplication(): void {
    const current = applicationKey(this.session.application);
    if (current === this.application) return;
    this.application = current;
    this.byUri.clear();
    this.myContactsRead = false;
  }
}
