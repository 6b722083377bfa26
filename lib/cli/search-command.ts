import { parseArgs } from 'node:util';
import { tap } from 'rxjs';
import type { Contact } from '../index.js';
import { fit, type Palette, colourWanted, palette } from './ansi.js';
import { CliError } from './cli-error.js';
import { ONE_SHOT_OPTIONS } from './me-command.js';
import { joinNegativeValues } from './negative-values.js';
import { runOnce } from './one-shot.js';
import type { Scrub } from './secret-redactor.js';
import { chooseServer } from './server-choice.js';
import { SERVER_OPTIONS_HELP } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';

/** Usage of `ucwa-rx search`. */
export const SEARCH_USAGE = `Usage: ucwa-rx search <query> [--limit N] [options]

Searches your organisation's address book (name, e-mail, SIP URI or phone number; not only your
contacts) and prints a table: name, URI, title, department, e-mail. On a pipe, or with --json,
one JSON line per person: {"type":"contact","uri":...,"name":...,"title":...,"department":...,"emailAddresses":[...]}.
Words of the query are searched as one string ("Sara Davis").

Options:
      --limit N         at most N people, 1-100 (default: the server's, 100)
      --json            NDJSON lines even on a terminal

${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx search Sara
  ucwa-rx search --json dave | jq -r .uri`;

const OPTIONS = { ...ONE_SHOT_OPTIONS, limit: { type: 'string' } } as const;

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || value.trim() === '') throw new CliError(`invalid --limit ${value}: expected a whole number from 1 to 100`);
  return limit;
}

/** The NDJSON record of a person found (every string from the server is scrubbed by the caller). */
export function contactRecord(contact: Contact): Record<string, unknown> {
  return {
    type: 'contact',
    uri: contact.uri,
    name: contact.name ?? null,
    title: contact.title ?? null,
    department: contact.department ?? null,
    company: contact.company ?? null,
    emailAddresses: contact.emailAddresses,
  };
}

/** The people found as table lines: a header, then one line per person (server text through `scrub`). */
export function searchTableLines(contacts: readonly Contact[], paint: Palette, scrub: Scrub): string[] {
  const rows = contacts.map((c) => [c.name ?? '', c.uri, c.title ?? '', c.department ?? '', c.emailAddresses.join(', ')].map(scrub));
  const header = ['NAME', 'URI', 'TITLE', 'DEPARTMENT', 'E-MAIL'];
  const widths = header.map((title, column) => Math.min(36, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))));
  const line = (cells: readonly string[]): string => `  ${cells.map((cell, column) => fit(cell, widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [paint.bold(line(header)), ...rows.map(line)];
}

/** `ucwa-rx search`: see {@link SEARCH_USAGE}. */
export async function runSearchCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    out(SEARCH_USAGE);
    return;
  }
  const query = positionals.join(' ').trim();
  if (query === '') throw new CliError('nothing to search for: give a query, e.g. ucwa-rx search Sara');
  if (query.length > 256) throw new CliError(`the query is ${query.length} characters long; the server takes 256 at most`);
  const limit = parseLimit(values.limit);
  const { choice, redactor } = await chooseServer(values, process.env, io.out === undefined);
  const err = io.err ?? standardError().writeLine;
  const json = values.json === true || (io.out === undefined && !process.stdout.isTTY);
  await runOnce({ choice, redactor, err, verbose: values.verbose ? err : undefined, signal: io.signal }, ({ client }) =>
    client.people.search(query, { limit }).pipe(
      tap(({ contacts, moreResultsAvailable }) => {
        if (json) for (const contact of contacts) out(JSON.stringify(redactor.scrubJson(contactRecord(contact))));
        else if (contacts.length === 0) err(`ucwa-rx search: nobody found for ${JSON.stringify(redactor.scrub(query))}`);
        else for (const line of searchTableLines(contacts, palette(io.out === undefined && colourWanted(process.stdout, process.env)), redactor.scrub)) out(line);
        if (moreResultsAvailable) err(`ucwa-rx search: more people matched than the ${contacts.length} shown; narrow the query${limit === undefined || limit === 100 ? '' : ' or raise --limit (at most 100)'}`);
      }),
    ),
  );
}
