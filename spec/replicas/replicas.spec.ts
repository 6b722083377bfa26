import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { existsInRepo } from '../package/paths.js';

const SCRIPT = fileURLToPath(new URL('./replica-process.mjs', import.meta.url));
const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';

/** What a replica process printed, one JSON object a line. */
interface Line {
  readonly state?: string;
  readonly reason?: string;
  readonly reset?: string;
  readonly contact?: string;
  readonly availability?: string;
  readonly error?: string;
  readonly closed?: boolean;
}

interface Replica {
  readonly lines: Line[];
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: string[];
}

let sim: Simulator | undefined;
const replicas: Replica[] = [];

afterEach(async () => {
  for (const { child } of replicas.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sim?.close();
  sim = undefined;
});

function startReplica(simulator: Simulator, endpointId: string, contacts: readonly string[]): Replica {
  const child = spawn(process.execPath, [SCRIPT, simulator.discoveryUrl, endpointId, ...contacts], { stdio: 'pipe' });
  const replica: Replica = { lines: [], child, stderr: [] };
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.trim() !== '') replica.lines.push(JSON.parse(line) as Line);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => replica.stderr.push(chunk));
  replicas.push(replica);
  return replica;
}

const shows = (replica: Replica, contact: string, availability: string): boolean =>
  replica.lines.filter((line) => line.contact === contact && line.availability !== undefined).at(-1)?.availability === availability;

describe('replicas: two Node processes with the same endpointId', () => {
  it('share one application, each with an instance and a P-GET of its own: both receive every change, no 409 war, neither errors', async () => {
    expect(existsInRepo('dist/index.js')).toBe(true); // npm test builds before jest
    sim = await startFastSimulator();
    const a = startReplica(sim, 'replicated-service', [BOB]);
    const b = startReplica(sim, 'replicated-service', [BOB, CAROL]);
    const hasValue = (replica: Replica, contact: string): boolean => replica.lines.some((line) => line.contact === contact && line.availability !== undefined);
    await eventually(() => hasValue(a, BOB) && hasValue(b, BOB) && hasValue(b, CAROL)).catch((error: unknown) => {
      throw new Error(`no first values: ${JSON.stringify({ a: a.lines, b: b.lines, stderr: [...a.stderr, ...b.stderr] })}`, { cause: error });
    });
    await eventually(() => sim?.state().outstandingPgets === 2);
    const changes = ['Busy', 'Away', 'DoNotDisturb', 'Online', 'BeRightBack', 'Busy'] as const;
    for (const availability of changes) {
      sim.setPresence(BOB, { availability });
      sim.setPresence(CAROL, { availability });
      await eventually(() => shows(a, BOB, availability) && shows(b, BOB, availability) && shows(b, CAROL, availability)).catch((error: unknown) => {
        const server = sim?.state().applications.map((app) => ({ instances: app.instances.length, subscriptions: app.presenceSubscriptions.map((s) => s.members) }));
        throw new Error(`${availability} did not reach both: ${JSON.stringify({ a: a.lines, b: b.lines, server, log: sim?.log.entries({}).slice(-40).map((e) => `${e.method} ${e.path} ${e.status}`) })}`, { cause: error });
      });
    }
    const apps = sim.state().applications;
    expect(apps).toHaveLength(1);
    expect(apps[0]?.endpointId).toBe('replicated-service');
    expect(apps[0]?.instances.filter((instance) => instance.eventChannel.held)).toHaveLength(2);
    expect(sim.log.count({ status: 409 })).toBe(0);
    for (const replica of [a, b]) {
      expect(replica.lines.filter((line) => line.error !== undefined || line.reset !== undefined || line.reason !== undefined)).toEqual([]);
      expect(replica.lines.filter((line) => line.state === 'closed')).toEqual([]);
      replica.child.stdin.write('close\n');
    }
    await eventually(() => a.lines.some((line) => line.closed) && b.lines.some((line) => line.closed));
    // Each deleted its own instance; the application went with the last.
    await eventually(() => sim?.state().applications.length === 0);
    expect([...a.stderr, ...b.stderr]).toEqual([]);
  });
});
