#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { redactText } from '../errors/redact.js';
import { CliError, describeFailure, failureDetail } from './cli-error.js';
import type { CommandIo } from './simulator-command.js';
import { standardError, standardOutput } from './standard-output.js';

/** A `ucwa-rx` sub-command. */
export interface CliCommand {
  /** One line for the command list. */
  readonly summary: string;
  /** Runs the command with the arguments after its name. */
  run(argv: string[], io?: CommandIo): Promise<void>;
}

/** The sub-commands; adding one is one line. Each is loaded when run, so that `--help` starts fast. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  watch: {
    summary: "live table of your contacts' presence (NDJSON on a pipe); the embedded simulator unless --discovery",
    run: async (argv, io) => (await import('./watch-command.js')).runWatchCommand(argv, io),
  },
  events: {
    summary: 'the raw UCWA event stream as NDJSON, one event per line, for jq and pipes',
    run: async (argv, io) => (await import('./events-command.js')).runEventsCommand(argv, io),
  },
  me: {
    summary: 'who you are, and your presence, note and location',
    run: async (argv, io) => (await import('./me-command.js')).runMeCommand(argv, io),
  },
  'set-presence': {
    summary: 'set your presence (Busy, Away, ..., auto), note and location',
    run: async (argv, io) => (await import('./set-presence-command.js')).runSetPresenceCommand(argv, io),
  },
  search: {
    summary: "search your organisation's address book (a table; NDJSON on a pipe)",
    run: async (argv, io) => (await import('./search-command.js')).runSearchCommand(argv, io),
  },
  simulator: {
    summary: 'start the embedded UCWA 2.0 simulator (try it with curl)',
    run: async (argv, io) => (await import('./simulator-command.js')).runSimulatorCommand(argv, io),
  },
};

/** The top-level usage text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: ucwa-rx <command> [options]',
    '',
    'A reactive client for UCWA 2.0 (Skype for Business Server) presence and contacts.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `ucwa-rx <command> --help` for the options of a command; `ucwa-rx --version` for the version.',
  ].join('\n');
}

/** True for the errors `util.parseArgs` throws (unknown option, missing value, ...). */
function isParseArgsError(error: unknown): boolean {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs `ucwa-rx` with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CommandIo = {}): Promise<number> {
  const out = io.out ?? standardOutput().writeLine;
  const err = io.err ?? standardError().writeLine;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-V') {
    out((await import('../index.js')).VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`ucwa-rx: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    // Commands scrub the secrets they were given out of their errors (see CliError); errors
    // from before they knew them (usage mistakes) still lose anything shaped like a token.
    const description = describeFailure(error, redactText);
    // parseArgs explains `--` at length after its first sentence; the help says more.
    const message = isParseArgsError(error) ? `${description.replace(/\. .*$/, '')} (see ucwa-rx ${name} --help)` : description;
    err(`ucwa-rx ${name}: ${message}`);
    if (rest.includes('--verbose') || rest.includes('-v')) err(failureDetail(error, redactText));
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/** After the command is done, the process ends even if a stray handle would keep it alive. */
const EXIT_GRACE_MS = 1000;

if (invokedDirectly()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  });
}
