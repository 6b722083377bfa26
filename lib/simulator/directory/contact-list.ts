import type { AccountRecord, CollectionRef, ContactListChange, DirectoryChange, GroupKind, GroupRecord } from './records.js';
import type { AccountSpec, PersonSpec } from './types.js';
import { uriKey } from './uri.js';

/** Name of the pinned group, as the reference's walkthrough shows it. */
export const PINNED_GROUP_NAME = 'Pinned Contacts';
/** Name of the default group. */
export const DEFAULT_GROUP_NAME = 'Other Contacts';

/**
 * Accounts' contact lists: groups, membership, and the changes the pool reports to
 * contacts-and-groups subscriptions (added/deleted in myContacts and in groups, group updated).
 */
export class ContactList {
  private nextGroupId = 1;

  /**
   * @param accounts the account table to fill and edit
   * @param ensurePerson makes sure a member is a known person and returns its key
   * @param emit publishes changes
   */
  constructor(
    private readonly accounts: Map<string, AccountRecord>,
    private readonly ensurePerson: (uri: string | PersonSpec) => string,
    private readonly emit: (change: DirectoryChange) => void,
  ) {}

  /** Creates an account from its spec. */
  load(spec: AccountSpec): AccountRecord {
    const group = (kind: GroupKind, name: string, members: readonly string[] = [], uri?: string): GroupRecord => ({
      id: String(this.nextGroupId++),
      kind,
      name,
      members: unique(members.map((m) => this.ensurePerson(m))),
      ...(uri === undefined ? {} : { uri: `sip:${uri.replace(/^sip:/i, '')}` }),
    });
    const account: AccountRecord = {
      key: uriKey(spec.uri),
      uri: `sip:${spec.uri.trim().replace(/^sip:/i, '')}`,
      password: spec.password,
      groups: [
        group('pinnedGroup', PINNED_GROUP_NAME, spec.pinned),
        group('defaultGroup', DEFAULT_GROUP_NAME, spec.defaultGroup),
        ...(spec.groups ?? []).map((g) => group('group', g.name, g.members)),
        ...(spec.distributionGroups ?? []).map((g) => group('distributionGroup', g.name, g.members, g.uri)),
      ],
    };
    this.accounts.set(account.key, account);
    return account;
  }

  /** The account's contacts: members of its pinned, default and personal groups, in list order. */
  myContacts(account: AccountRecord): string[] {
    return unique(account.groups.filter((g) => g.kind !== 'distributionGroup').flatMap((g) => g.members));
  }

  /** A group by id. */
  group(account: AccountRecord, id: string): GroupRecord | undefined {
    return account.groups.find((g) => g.id === id.toLowerCase());
  }

  /** The group of a kind (first one for `group`/`distributionGroup`). */
  groupOfKind(account: AccountRecord, kind: GroupKind): GroupRecord {
    const found = account.groups.find((g) => g.kind === kind);
    if (!found) throw new Error(`account ${account.uri} has no ${kind}`);
    return found;
  }

  /** Adds a contact to the default group, or to the personal group named `groupName`. */
  addContact(account: AccountRecord, contact: string | PersonSpec, groupName?: string): void {
    const target =
      groupName === undefined
        ? this.groupOfKind(account, 'defaultGroup')
        : account.groups.find((g) => g.kind !== 'distributionGroup' && g.name.toLowerCase() === groupName.toLowerCase());
    if (!target) throw new Error(`account ${account.uri} has no group named ${groupName ?? ''}`);
    this.addMember(account, target, this.ensurePerson(contact));
  }

  /** Removes a contact from every group of the list (and so from myContacts). */
  removeContact(account: AccountRecord, contact: string): void {
    const key = uriKey(contact);
    const changes: ContactListChange[] = [];
    for (const group of account.groups) {
      if (group.kind === 'distributionGroup' || !group.members.includes(key)) continue;
      group.members.splice(group.members.indexOf(key), 1);
      changes.push({ type: 'deleted', contact: key, in: { kind: group.kind, id: group.id } });
      changes.push({ type: 'updated', group: { kind: group.kind, id: group.id } });
    }
    if (changes.length === 0) return;
    changes.push({ type: 'deleted', contact: key, in: { kind: 'myContacts' } });
    this.emit({ kind: 'contactList', account: account.key, changes });
  }

  /** Adds a contact to the pinned group (and to the contact list if new). */
  pin(account: AccountRecord, contact: string | PersonSpec): void {
    this.addMember(account, this.groupOfKind(account, 'pinnedGroup'), this.ensurePerson(contact));
  }

  /** Removes a contact from the pinned group; it leaves the list if it is in no other group. */
  unpin(account: AccountRecord, contact: string): void {
    const key = uriKey(contact);
    const pinned = this.groupOfKind(account, 'pinnedGroup');
    if (!pinned.members.includes(key)) return;
    pinned.members.splice(pinned.members.indexOf(key), 1);
    const changes: ContactListChange[] = [
      { type: 'deleted', contact: key, in: ref(pinned) },
      { type: 'updated', group: ref(pinned) },
    ];
    if (!this.myContacts(account).includes(key)) changes.push({ type: 'deleted', contact: key, in: { kind: 'myContacts' } });
    this.emit({ kind: 'contactList', account: account.key, changes });
  }

  private addMember(account: AccountRecord, group: GroupRecord, key: string): void {
    if (group.members.includes(key)) return;
    const isNew = !this.myContacts(account).includes(key);
    group.members.push(key);
    const changes: ContactListChange[] = [];
    if (isNew) changes.push({ type: 'added', contact: key, in: { kind: 'myContacts' } });
    changes.push({ type: 'added', contact: key, in: ref(group) });
    changes.push({ type: 'updated', group: ref(group) });
    this.emit({ kind: 'contactList', account: account.key, changes });
  }
}

function ref(group: GroupRecord): { kind: GroupKind; id: string } & CollectionRef {
  return { kind: group.kind, id: group.id };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
