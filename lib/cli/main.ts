#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runSimulatorCommand, type CommandIo } from './simulator-command.js';

/** A `ucwa-rx` sub-command. */
export interface CliCommand {
  /** One line for the command list. */
  readonly summary: string;
  /** Runs the command with the arguments after its name. */
  run(argv: string[], io?: CommandIo): Promise<void>;
}

/** The sub-commands; adding one is one line. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  simulator: { summary: 'start the embedded UCWA 2.0 simulator (try it with curl)', run: runSimulatorCommand },
};

/** The top-level usage text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return ['Usage: ucwa-rx <command> [options]', '', 'Commands:', ...lines, '', 'Run `ucwa-rx <command> --help` for the options of a command.'].join('\n');
}

/** Runs `ucwa-rx` with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CommandIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`ucwa-rx: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    await command.run(rest, { ...io, out, err });
    return 0;
  } catch (error) {
    err(`ucwa-rx ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
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

if (invokedDirectly()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
