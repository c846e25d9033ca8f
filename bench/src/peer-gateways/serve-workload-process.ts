import { startWorkloadSubgraphs } from '../federation-workload/start-workload-subgraphs.ts';
import { serveForParent } from '../fork-ready-process.ts';

/** What the workload's process reports once its four subgraphs answer. */
export interface WorkloadReady {
  type: 'ready';
  supergraphSdl: string;
  urls: Record<string, string>;
}

// The four subgraphs in a process of their own: their work is the same for every gateway and is kept off the gateway's event loop.
serveForParent<object, WorkloadReady>(async () => {
  const workload = await startWorkloadSubgraphs();
  return { ready: { type: 'ready', supergraphSdl: workload.supergraphSdl, urls: { ...workload.urls } }, close: workload.stop };
});
