/**
 * Runs inside a worker thread: a simulator whose sockets, timers and heap are not the
 * benchmark's, so that the benchmark's own event loop and heap show only the client.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../../lib/simulator/index.js';
import { benchDirectory } from './directory.js';
import { countKinds } from './request-kinds.js';
import { resourceCounts, type ServerSummary, type SimulatorReply, type SimulatorRequest, type SimulatorThreadOptions } from './simulator-protocol.js';

const options = workerData as SimulatorThreadOptions;
const port = parentPort;
if (!port) throw new Error('simulator-worker must run in a worker thread');
const sim = await startSimulator({ directory: benchDirectory(options.contacts), aggregationScale: options.aggregationScale, limits: options.limits });

function summary(): ServerSummary {
  const state = sim.state();
  const subscriptions = state.applications.flatMap((a) => a.presenceSubscriptions);
  return {
    applications: state.applications.length,
    presenceSubscriptions: subscriptions.length,
    members: subscriptions.reduce((sum, s) => sum + s.members.length, 0),
    heldPgets: state.outstandingPgets,
    requests: state.counters.requests,
  };
}

async function handle(request: SimulatorRequest): Promise<unknown> {
  switch (request.op) {
    case 'setPresence':
      for (const uri of request.uris) sim.setPresence(uri, request.presence);
      return undefined;
    case 'resources': {
      const byType = resourceCounts();
      return { sockets: byType.TCPSocketWrap ?? 0, timers: byType.Timeout ?? 0, byType };
    }
    case 'summary':
      return summary();
    case 'requestKinds':
      return countKinds(sim.requests.entries());
    case 'close':
      await sim.close();
      return undefined;
  }
}

port.on('message', (request: SimulatorRequest) => {
  handle(request).then(
    (result) => port.postMessage({ kind: 'reply', id: request.id, result } satisfies SimulatorReply),
    (error: unknown) => port.postMessage({ kind: 'reply', id: request.id, error: String(error) } satisfies SimulatorReply),
  );
});
port.postMessage({ kind: 'ready', discoveryUrl: sim.discoveryUrl } satisfies SimulatorReply);
