import { parseArgs } from 'node:util';
import { Subscription } from 'rxjs';
import { colourWanted, palette } from './ansi.js';
import { describeFailure } from './cli-error.js';
import { ContactBoard } from './contact-board.js';
import { parseContactUris } from './contact-selection.js';
import { watchContacts } from './contact-watch.js';
import { runLive } from './live-command.js';
import { SecretRedactor } from './secret-redactor.js';
import { SERVER_ARG_OPTIONS, SERVER_OPTIONS_HELP, resolveServer, secretsOf } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { StatusTracker } from './status-tracker.js';
import { NdjsonWatchOutput, type WatchOutput } from './watch-output.js';
import { WatchScreen } from './watch-screen.js';

/** Usage of `ucwa-rx watch`. */
export const WATCH_USAGE = `Usage: ucwa-rx watch [options] [sip:uri ...]

Signs in, subscribes and shows a live table of contacts: the pinned group first, then the
other contacts, or only the SIP URIs given. Each row: name, URI, availability, activity and
the time of the last change, under a status line (connection, event channel, server
subscriptions and their time left, renewals, events). On a terminal the table is redrawn
in place; on a pipe, or with --json, each change is one NDJSON line. Ctrl+C or SIGTERM
deletes the subscriptions and the application on the server, then exits.

Options:
      --json            NDJSON lines even on a terminal:
                          {"type":"presence","uri":...,"availability":...,"activity":...,"at":...}
                          {"type":"status","connection":...,...} when the connection state changes
${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx watch                                   # the embedded simulator, with presence churn
  ucwa-rx watch sip:bob@contoso.com --json | jq -r '.availability // empty'
  UCWA_PASSWORD=... ucwa-rx watch --discovery https://lyncdiscover.contoso.com/ -u alice@contoso.com`;

/** `ucwa-rx watch`: see {@link WATCH_USAGE}. */
export async function runWatchCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...SERVER_ARG_OPTIONS, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    out(WATCH_USAGE);
    return;
  }
  const uris = parseContactUris(positionals);
  const choice = resolveServer(values, process.env);
  const redactor = new SecretRedactor(secretsOf(values, process.env));
  const err = redactor.wrap(io.err ?? ((line: string) => process.stderr.write(`${line}\n`)));
  const terminal = io.out === undefined && !values.json && process.stdout.isTTY ? process.stdout : undefined;
  let output: WatchOutput | undefined;
  // Verbose lines go to stderr until the screen takes over, then to its message area.
  const verbose = values.verbose ? (line: string) => (output ?? { message: err }).message(redactor.scrub(line)) : undefined;
  await runLive({ choice, redactor, err, verbose, signal: io.signal, usesStdout: io.out === undefined }, ({ session, fail }) => {
    const { client } = session;
    const board = new ContactBoard();
    const tracker = new StatusTracker(client);
    const screen = terminal ? new WatchScreen(terminal, board, tracker, session.label, palette(colourWanted(terminal, process.env)), err) : undefined;
    output = screen ?? new NdjsonWatchOutput(out, err, tracker);
    const sink = output;
    const subscription = new Subscription();
    subscription.add(tracker.start((connection) => sink.statusChanged(connection), uris.length === 0));
    subscription.add(
      watchContacts(client, uris).subscribe({
        next: (update) => {
          const change = board.apply(update, new Date());
          if (update.kind === 'roster') sink.rosterChanged();
          else if (change) sink.presenceChanged(change);
        },
        error: fail,
      }),
    );
    // Recovered problems: on the screen always (they explain a reconnecting status), on a pipe with --verbose.
    if (screen || values.verbose) subscription.add(client.diagnostics$.subscribe((error) => sink.message(redactor.scrub(`recovered: ${describeFailure(error)}`))));
    return {
      subscription,
      close: () => {
        sink.close();
        output = undefined;
      },
      finished: () => sink.finished(tracker.view()),
    };
  });
}
