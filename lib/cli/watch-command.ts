import { parseArgs } from 'node:util';
import { Subscription } from 'rxjs';
import { colourWanted, palette } from './ansi.js';
import { describeFailure } from './cli-error.js';
import { ContactBoard } from './contact-board.js';
import { parseContactUris } from './contact-selection.js';
import { watchContacts, type WatchUpdate } from './contact-watch.js';
import { runLive } from './live-command.js';
import { joinNegativeValues } from './negative-values.js';
import type { Scrub } from './secret-redactor.js';
import { chooseServer } from './server-choice.js';
import { SERVER_ARG_OPTIONS, SERVER_OPTIONS_HELP } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';
import { StatusTracker } from './status-tracker.js';
import { NdjsonWatchOutput, type WatchOutput } from './watch-output.js';
import { WatchScreen } from './watch-screen.js';

/** Usage of `ucwa-rx watch`. */
export const WATCH_USAGE = `Usage: ucwa-rx watch [options] [sip:uri ...]

Signs in, subscribes and shows a live table of contacts: the pinned group first, then the
other contacts, or only the SIP URIs given. Each row: name, URI, availability, activity, the
time of the last change and the contact's note, under a status line (connection, event channel, server
subscriptions and their time left, renewals, events). On a terminal the table is redrawn
in place; on a pipe, or with --json, each change is one NDJSON line. Ctrl+C or SIGTERM
deletes the subscriptions and the application on the server, then exits.

Output:
      --json            NDJSON lines even on a terminal:
                          {"type":"presence","uri":...,"availability":...,"activity":...,"at":...}
                          {"type":"note","uri":...,"note":...,"noteType":...,"at":...} when a note is set or changes
                          {"type":"status","connection":...,...} when the connection state changes

${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx watch                                   # the embedded simulator, with presence churn
  ucwa-rx watch sip:bob@contoso.com --json | jq -r '.availability // empty'
  ucwa-rx watch --discovery https://lyncdiscover.contoso.com/ -u alice@contoso.com   # asks for the password`;

const WATCH_OPTIONS = { ...SERVER_ARG_OPTIONS, json: { type: 'boolean' } } as const;

/** An update with what the server said about a contact scrubbed (the keys rows and values meet on are kept). */
function scrubUpdate(update: WatchUpdate, scrub: Scrub): WatchUpdate {
  if (update.kind === 'roster') {
    const entries = update.entries.map((entry) => ({ ...entry, uri: scrub(entry.uri), name: entry.name === undefined ? undefined : scrub(entry.name) }));
    return { ...update, entries, pinnedGroupName: update.pinnedGroupName === undefined ? undefined : scrub(update.pinnedGroupName) };
  }
  if (update.kind === 'note') {
    const { note } = update;
    return { ...update, note: { ...note, uri: scrub(note.uri), message: note.message === undefined ? undefined : scrub(note.message), type: note.type === undefined ? undefined : scrub(note.type) } };
  }
  const { presence } = update;
  return {
    ...update,
    presence: { ...presence, uri: scrub(presence.uri), availability: scrub(presence.availability), ...(presence.activity === undefined ? {} : { activity: scrub(presence.activity) }) },
  };
}

/** `ucwa-rx watch`: see {@link WATCH_USAGE}. */
export async function runWatchCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, WATCH_OPTIONS), options: WATCH_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    out(WATCH_USAGE);
    return;
  }
  const uris = parseContactUris(positionals);
  const { choice, redactor } = await chooseServer(values, process.env, io.out === undefined);
  const { scrub } = redactor;
  const err = io.err ?? standardError().writeLine;
  const terminal = io.out === undefined && !values.json && process.stdout.isTTY ? process.stdout : undefined;
  let output: WatchOutput | undefined;
  // Verbose lines go to stderr until the screen takes over, then to its message area.
  const verbose = values.verbose ? (line: string) => (output ?? { message: err }).message(line) : undefined;
  await runLive({ choice, redactor, err, verbose, signal: io.signal, usesStdout: io.out === undefined }, ({ session, fail }) => {
    const { client } = session;
    const board = new ContactBoard();
    const tracker = new StatusTracker(client);
    const screen = terminal ? new WatchScreen(terminal, board, tracker, session.label, palette(colourWanted(terminal, process.env)), scrub, err) : undefined;
    output = screen ?? new NdjsonWatchOutput(out, err, tracker, scrub);
    const sink = output;
    const subscription = new Subscription();
    subscription.add(tracker.start((connection) => sink.statusChanged(connection), uris.length === 0));
    subscription.add(
      watchContacts(client, uris).subscribe({
        next: (raw) => {
          const update = scrubUpdate(raw, scrub);
          if (update.kind === 'note') {
            const change = board.applyNote(update.key, update.note, new Date());
            if (change) sink.noteChanged(change);
            return;
          }
          const change = board.apply(update, new Date());
          if (update.kind === 'roster') sink.rosterChanged();
          else if (change) sink.presenceChanged(change);
        },
        error: fail,
      }),
    );
    // Recovered problems: on the screen always (they explain a reconnecting status), on a pipe with --verbose.
    if (screen || values.verbose) subscription.add(client.diagnostics$.subscribe((error) => sink.message(`recovered: ${describeFailure(error, scrub)}`)));
    return {
      subscription,
      close: () => {
        sink.close();
        output = undefined;
      },
      finished: () => sink.finished(tracker.view()),
      failed: (error) => sink.failed(tracker.view(), error),
    };
  });
}
