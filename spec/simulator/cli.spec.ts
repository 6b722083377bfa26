import { describe, expect, it } from '@jest/globals';
import { main } from '../../lib/cli/main.js';
import { runSimulatorCommand } from '../../lib/cli/simulator-command.js';
import { http, until } from './helpers.js';

describe('ucwa-rx simulator', () => {
  it('prints the discovery URL and the sign-in, serves until stopped, then closes', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = runSimulatorCommand(['--port', '0', '--host', '127.0.0.1'], { out: (line) => lines.push(line), signal: stop.signal });
    await until(() => lines.some((line) => line.startsWith('Press Ctrl+C')));
    const discovery = /Discovery URL: (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect(discovery).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/autodiscover\/autodiscoverservice\.svc\/root$/);
    expect(lines.join('\n')).toContain('alice@contoso.com with password "password"');
    const root = await http(discovery);
    expect(root.status).toBe(200);
    stop.abort();
    await running;
    expect(lines.at(-1)).toBe('Simulator stopped.');
    await expect(http(discovery)).rejects.toThrow();
  });

  it('shows help and refuses bad options', async () => {
    const lines: string[] = [];
    await runSimulatorCommand(['--help'], { out: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(/^Usage: ucwa-rx simulator \[--port N\] \[--host H\]/);
    await expect(runSimulatorCommand(['--port', 'x'])).rejects.toThrow('invalid --port x');
    await expect(runSimulatorCommand(['--bogus'])).rejects.toThrow();
  });
});

describe('ucwa-rx', () => {
  it('dispatches commands and explains itself', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('simulator');
    expect(await main([], io)).toBe(1);
    expect(await main(['nope'], io)).toBe(1);
    expect(err.join('\n')).toContain('unknown command "nope"');
    expect(await main(['simulator', '--help'], io)).toBe(0);
    expect(await main(['simulator', '--port=70000'], io)).toBe(1);
    expect(err.at(-1)).toContain('invalid --port 70000');
  });
});
