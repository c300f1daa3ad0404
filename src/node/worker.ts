/**
 * A worker thread. Given a job (see parallel.ts), it claims and runs the job's items until
 * none is left, then exits. Given a port (`kind: "pool"`, see pool.ts), it stays up and does
 * the same for each job that arrives on the port, answering on the port and counting each
 * item it reports in the job's `reported`, on which the pool's thread waits.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import {
  abandon,
  claim,
  type PoolJob,
  runClaimed,
  toThreadError,
  type WorkerJob,
} from "./workerJob.js";

const data = workerData as WorkerJob | { kind: "pool"; port: MessagePort };
if (data.kind === "pool") {
  const port = data.port;
  port.on("message", (job: PoolJob) => {
    for (let index = claim(job); index !== null; index = claim(job)) {
      try {
        port.postMessage({ id: job.id, index, result: runClaimed(job, index) });
      } catch (error) {
        abandon(job);
        port.postMessage({ id: job.id, index, error: toThreadError(error) });
      }
      Atomics.add(job.reported, 0, 1);
      Atomics.notify(job.reported, 0);
    }
  });
} else {
  for (let index = claim(data); index !== null; index = claim(data)) {
    try {
      parentPort!.postMessage({ index, result: runClaimed(data, index) });
    } catch (error) {
      abandon(data);
      parentPort!.postMessage({ index, error: toThreadError(error) });
    }
  }
}
