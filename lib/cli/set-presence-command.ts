import { parseArgs } from 'node:util';
import { concat, ignoreElements, tap, type Observable } from 'rxjs';
import { PREFERRED_AVAILABILITIES, type PreferredAvailability } from '../resources/me/me-types.js';
import { CliError } from './cli-error.js';
import { ONE_SHOT_OPTIONS, meCard$, printCard } from './me-command.js';
import { joinNegativeValues } from './negative-values.js';
import { runOnce } from './one-shot.js';
import { chooseServer } from './server-choice.js';
import { SERVER_OPTIONS_HELP } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';

/** Usage of `ucwa-rx set-presence`. */
export const SET_PRESENCE_USAGE = `Usage: ucwa-rx set-presence [availability] [--note TEXT] [--location TEXT] [options]

Sets your presence (and your note or location) and shows the result as \`ucwa-rx me\` does.
availability is one of ${PREFERRED_AVAILABILITIES.join(', ')} (any letter case), or
auto to give the choice back to the server (your activity and calendar). --note "" clears the
note, --location "" the location. Each change is retried until the server accepts it.

UCWA presence lives with an available application: on a real pool your other devices keep
what you set; the embedded simulator stops with the command, so there it is only a trial.

Options:
      --note TEXT       your personal note ("" clears it)
      --location TEXT   your location, at most 60 characters ("" clears it)
      --json            the result as one JSON line, as \`ucwa-rx me --json\`

${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx set-presence Busy --note "Heads down until 3"
  ucwa-rx set-presence auto --note ""`;

const OPTIONS = { ...ONE_SHOT_OPTIONS, note: { type: 'string' }, location: { type: 'string' } } as const;

/** The availability named on the command line, `auto`, or a one-line error. */
function parseAvailability(value: string): PreferredAvailability | 'auto' {
  const wanted = value.trim().toLowerCase();
  if (wanted === 'auto') return 'auto';
  const found = PREFERRED_AVAILABILITIES.find((candidate) => candidate.toLowerCase() === wanted);
  if (!found) throw new CliError(`invalid availability ${JSON.stringify(value.slice(0, 40))}: expected one of ${PREFERRED_AVAILABILITIES.join(', ')}, or auto`);
  return found;
}

/** `ucwa-rx set-presence`: see {@link SET_PRESENCE_USAGE}. */
export async function runSetPresenceCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    out(SET_PRESENCE_USAGE);
    return;
  }
  if (positionals.length > 1) throw new CliError(`one availability at most, got ${positionals.length}`);
  const availability = positionals[0] === undefined ? undefined : parseAvailability(positionals[0]);
  if (availability === undefined && values.note === undefined && values.location === undefined) {
    throw new CliError('nothing to set: give an availability, --note or --location');
  }
  const { choice, redactor } = await chooseServer(values, process.env, io.out === undefined);
  const err = io.err ?? standardError().writeLine;
  await runOnce({ choice, redactor, err, verbose: values.verbose ? err : undefined, signal: io.signal }, ({ client }) => {
    const writes: Observable<void>[] = [];
    if (availability === 'auto') writes.push(client.resetMyPresence());
    else if (availability !== undefined) writes.push(client.setMyPresence(availability));
    if (values.note !== undefined) writes.push(values.note === '' ? client.resetMyNote() : client.setMyNote(values.note));
    if (values.location !== undefined) writes.push(values.location === '' ? client.resetMyLocation() : client.setMyLocation(values.location));
    return concat(concat(...writes).pipe(ignoreElements()), meCard$(client).pipe(tap((card) => printCard(card, values.json === true, out, redactor, io.out === undefined))));
  });
}
