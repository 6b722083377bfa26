import type { Me, MyLocation, MyNote, MyPresence } from '../index.js';
import type { Palette } from './ansi.js';
import type { Scrub } from './secret-redactor.js';
import { availabilityCell } from './table-format.js';

/** Who the user is and what her contacts see of her, as `ucwa-rx me` and `set-presence` show it. */
export interface MeCard {
  readonly me: Me;
  readonly presence: MyPresence;
  readonly note: MyNote;
  readonly location: MyLocation;
}

/** The card as text lines: name and URI, then one labelled line per field that has a value (server text through `scrub`). */
export function meCardLines(card: MeCard, paint: Palette, scrub: Scrub): string[] {
  const { me, presence, note, location } = card;
  const rows: [string, string | undefined][] = [
    ['title', me.title],
    ['department', me.department],
    ['company', me.company],
    ['office', me.officeLocation],
    ['email', me.emailAddresses.join(', ') || undefined],
    ['work phone', me.workPhoneNumber],
    ['mobile', me.mobilePhoneNumber],
  ];
  const shown = scrub(presence.availability);
  const availability = availabilityCell(shown, shown.length + 2, paint);
  const lines = [`${paint.bold(scrub(me.name ?? me.uri))}  ${paint.dim(scrub(me.uri))}`];
  for (const [label, value] of rows) if (value) lines.push(`  ${paint.dim(label.padEnd(11))}${scrub(value)}`);
  lines.push(`  ${paint.dim('presence'.padEnd(11))}${availability}${presence.activity ? `  ${scrub(presence.activity)}` : ''}`);
  lines.push(`  ${paint.dim('note'.padEnd(11))}${note.message ? `${scrub(note.message)}${note.type === 'OutOfOffice' ? paint.dim('  (out of office)') : ''}` : paint.dim('(none)')}`);
  lines.push(`  ${paint.dim('location'.padEnd(11))}${location.location ? scrub(location.location) : paint.dim('(none)')}`);
  return lines;
}

/** The NDJSON record of the card (every string from the server is scrubbed by the caller). */
export function meCardRecord(card: MeCard): Record<string, unknown> {
  const { me, presence, note, location } = card;
  return {
    type: 'me',
    uri: me.uri,
    name: me.name ?? null,
    title: me.title ?? null,
    department: me.department ?? null,
    company: me.company ?? null,
    officeLocation: me.officeLocation ?? null,
    emailAddresses: me.emailAddresses,
    availability: presence.availability,
    activity: presence.activity ?? null,
    note: note.message ?? null,
    noteType: note.type ?? null,
    location: location.location ?? null,
  };
}
