/** A worker thread: claims and runs a job's items until none is left (see parallel.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { claim, runClaimed, type WorkerJob } from "./workerJob.js";

const job = workerData as WorkerJob;
for (let index = claim(job); index !== null; index = claim(job)) {
  parentPort!.postMessage({ index, result: runClaimed(job, index) });
}
