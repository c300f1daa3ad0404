/** A worker thread that runs its share of a run's replications (see parallel.ts). */
import { parentPort, workerData } from "node:worker_threads";
// Only the simulation, not the scenario parser (zod, yaml): a worker starts faster.
import { simulateReplication } from "../models/simulate.js";
import type { ReplicationJob } from "./parallel.js";

const job = workerData as ReplicationJob;
for (const run of job.runs) {
  const result = simulateReplication(job.scenario, run.seed, {
    maxEvents: job.maxEvents,
    maxInFlight: job.maxInFlight,
  });
  parentPort!.postMessage({ index: run.index, result });
}
