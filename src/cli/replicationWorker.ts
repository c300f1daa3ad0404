/** A worker thread that claims and runs replications until none is left (see parallel.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { claim, type ReplicationJob, runClaimed } from "./parallel.js";

const job = workerData as ReplicationJob;
for (let index = claim(job); index !== null; index = claim(job)) {
  parentPort!.postMessage({ index, result: runClaimed(job, index) });
}
