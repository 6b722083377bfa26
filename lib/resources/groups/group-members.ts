import type { ContactResource } from '../../codecs/contact.js';
import type { GroupResource } from '../../codecs/group.js';
import type { Located } from '../../http/read-resource.js';
import { selfKey } from '../resource-link.js';

/** One change to a live group's membership, in event order (`seq`). */
export type MemberChange =
  /** The group's contacts as read (groupContacts). */
  | { readonly kind: 'loaded'; readonly contacts: readonly Located<ContactResource>[] }
  /** A contact was added (the contact resource, fetched after the event numbered `seq`). */
  | { readonly kind: 'added'; readonly seq: number; readonly key: string; readonly contact: Located<ContactResource> }
  /** A contact was deleted (by the routing key of its href). */
  | { readonly kind: 'deleted'; readonly seq: number; readonly key: string }
  /** The group resource itself, read again after `updated`. */
  | { readonly kind: 'group'; readonly group: Located<GroupResource> };

/**
 * A group and its members, kept from a first read and the events after it. Changes that come
 * before the first read are applied on top of it; a change older than the last one applied to
 * the same contact is dropped (a contact fetched after `added` arriving after its `deleted`).
 */
export interface GroupMembers {
  readonly group: Located<GroupResource>;
  /** True once the contacts were read. */
  readonly loaded: boolean;
  /** Members by routing key, in list order. */
  readonly contacts: ReadonlyMap<string, Located<ContactResource>>;
  readonly lastSeq: ReadonlyMap<string, number>;
  readonly pending: readonly MemberChange[];
}

/** The state before anything was read. */
export function initialMembers(group: Located<GroupResource>): GroupMembers {
  return { group, loaded: false, contacts: new Map(), lastSeq: new Map(), pending: [] };
}

function applyMember(state: GroupMembers, change: Extract<MemberChange, { seq: number }>): GroupMembers {
  if ((state.lastSeq.get(change.key) ?? -1) > change.seq) return state;
  const lastSeq = new Map(state.lastSeq).set(change.key, change.seq);
  const contacts = new Map(state.contacts);
  if (change.kind === 'added') contacts.set(change.key, change.contact);
  else contacts.delete(change.key);
  return { ...state, contacts, lastSeq };
}

/** Applies one change. */
export function reduceMembers(state: GroupMembers, change: MemberChange): GroupMembers {
  switch (change.kind) {
    case 'group':
      return { ...state, group: change.group };
    case 'loaded': {
      const contacts = new Map(change.contacts.map((contact) => [selfKey(contact), contact] as const));
      let next: GroupMembers = { ...state, loaded: true, contacts, pending: [] };
      for (const pending of state.pending) if (pending.kind === 'added' || pending.kind === 'deleted') next = applyMember(next, pending);
      return next;
    }
    case 'added':
    case 'deleted':
      return state.loaded ? applyMember(state, change) : { ...state, pending: [...state.pending, change] };
  }
}
