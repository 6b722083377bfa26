import { parseArgs } from 'node:util';
import { Subscription } from 'rxjs';
import { describeFailure } from './cli-error.js';
import { parseContactUris } from './contact-selection.js';
import { watchContacts } from './contact-watch.js';
import { eventRecord } from './event-record.js';
import { runLive } from './live-command.js';
import { joinNegativeValues } from './negative-values.js';
import { chooseServer } from './server-choice.js';
import { SERVER_ARG_OPTIONS, SERVER_OPTIONS_HELP } from './server-options.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';

/** Usage of `ucwa-rx events`. */
export const EVENTS_USAGE = `Usage: ucwa-rx events [options] [sip:uri ...]

Signs in, subscribes like \`ucwa-rx watch\` (the pinned group and the contact list, or only
the SIP URIs given) and prints the raw event stream as NDJSON, one event per line, in
server order: {"type":...,"sender":{...},"link":{...},"in":{...},"resource":{...}}
("in" and "resource" when the server sent them). Messages go to stderr. Ctrl+C, SIGTERM or
a closed pipe deletes the subscriptions and the application on the server, then exits.

${SERVER_OPTIONS_HELP}

Examples:
  ucwa-rx events | jq -c 'select(.link.rel == "contactPresence")'
  ucwa-rx events sip:bob@contoso.com | head -20`;

/** `ucwa-rx events`: see {@link EVENTS_USAGE}. */
export async function runEventsCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, SERVER_ARG_OPTIONS), options: SERVER_ARG_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    out(EVENTS_USAGE);
    return;
  }
  const uris = parseContactUris(positionals);
  const { choice, redactor } = await chooseServer(values, process.env, io.out === undefined);
  const err = io.err ?? standardError().writeLine;
  const verbose = values.verbose ? err : undefined;
  await runLive({ choice, redactor, err, verbose, signal: io.signal, usesStdout: io.out === undefined }, ({ session, fail }) => {
    const { client } = session;
    const subscription = new Subscription();
    // Subscribed first, so that it sees every event the subscriptions below cause.
    subscription.add(client.events$.subscribe({ next: (event) => out(JSON.stringify(redactor.scrubJson(eventRecord(event)))), error: fail }));
    subscription.add(watchContacts(client, uris).subscribe({ error: fail }));
    if (verbose) subscription.add(client.diagnostics$.subscribe((error) => verbose(`recovered: ${describeFailure(error, redactor.scrub)}`)));
    return { subscription };
  });
}
