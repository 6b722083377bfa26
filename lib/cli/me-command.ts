import { parseArgs } from 'node:util';
import { combineLatest, take, tap, type Observable } from 'rxjs';
import type { UcwaClient } from '../index.js';
import { colourWanted, palette } from './ansi.js';
import { meCardLines, meCardRecord, type MeCard } from './me-format.js';
import { joinNegativeValues } from './negative-values.js';
import { runOnce } from './one-shot.js';
import type { SecretRedactor } from './secret-redactor.js';
import { chooseServer } from './server-choice.js';
import { SERVER_ARG_OPTIONS, SERVER_OPTIONS_HELP } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';

/** Usage of `ucwa-rx me`. */
export const ME_USAGE = `Usage: ucwa-rx me [options]

Signs in and shows who you are (name, URI, title, department, e-mail, phones) and what your
contacts see of you: your presence, note and location. Reading your presence makes you
available (makeMeAvailable) for the moment the command runs. Then it deletes the application
on the server and exits.

Output:
      --json            one JSON line: {"type":"me","uri":...,"name":...,"availability":...,"note":...,"location":...}

${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx me
  ucwa-rx me --json | jq -r .availability`;

/** `util.parseArgs` options of the one-shot commands that print a card or a table. */
export const ONE_SHOT_OPTIONS = { ...SERVER_ARG_OPTIONS, json: { type: 'boolean' } } as const;

/** Who the user is and her presence, note and location, once each is known. */
export function meCard$(client: UcwaClient): Observable<MeCard> {
  return combineLatest({ me: client.me$, presence: client.myPresence$, note: client.myNote$, location: client.myLocation$ }).pipe(take(1));
}

/** Prints a card as text (colours on a terminal) or as one NDJSON line. */
export function printCard(card: MeCard, json: boolean, out: (line: string) => void, redactor: SecretRedactor, terminal: boolean): void {
  if (json) out(JSON.stringify(redactor.scrubJson(meCardRecord(card))));
  else for (const line of meCardLines(card, palette(terminal && colourWanted(process.stdout, process.env)), redactor.scrub)) out(line);
}

/** `ucwa-rx me`: see {@link ME_USAGE}. */
export async function runMeCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values } = parseArgs({ args: joinNegativeValues(argv, ONE_SHOT_OPTIONS), options: ONE_SHOT_OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    out(ME_USAGE);
    return;
  }
  const { choice, redactor } = await chooseServer(values, process.env, io.out === undefined);
  const err = io.err ?? standardError().writeLine;
  await runOnce({ choice, redactor, err, verbose: values.verbose ? err : undefined, signal: io.signal }, ({ client }) =>
    meCard$(client).pipe(tap((card) => printCard(card, values.json === true, out, redactor, io.out === undefined))),
  );
}
