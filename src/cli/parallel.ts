import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
// From the simulation's own modules, not ../index.js: a worker thread loads this file, and
// starts faster without the scenario parser (zod, yaml).
import type { Report } from "../models/report.js";
import type { Scenario } from "../models/scenario.js";
import {
  buildReport,
  replicationSeed,
  type SimulateOptions,
  simulate,
  simulateReplication,
} from "../models/simulate.js";
import type { WorldResult } from "../models/world.js";

/**
 * What a replication worker is given: the scenario, the run's seed and replication count, and
 * the shared counter from which every thread (this one included) claims the next replication.
 */
export interface ReplicationJob {
  scenario: Scenario;
  seed: number;
  replications: number;
  /** One Int32 on a SharedArrayBuffer: the next replication index to claim. */
  next: Int32Array;
  maxEvents?: number;
  maxInFlight?: number;
}

/** Claim the next replication of a job, or null when none is left. */
export function claim(job: ReplicationJob): number | null {
  const index = Atomics.add(job.next, 0, 1);
  return index < job.replications ? index : null;
}

/** Run one claimed replication on the seed a serial run gives it. */
export function runClaimed(job: ReplicationJob, index: number): WorldResult {
  return simulateReplication(job.scenario, replicationSeed(job.seed, index, job.replications), {
    maxEvents: job.maxEvents,
    maxInFlight: job.maxInFlight,
  });
}

/** The default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * `simulate`, with the replications spread over worker threads. Each replication runs on the
 * seed a serial run gives it, and the report is assembled from the results in replication
 * order, so it is identical to a serial run's but for `wallSeconds`. This thread runs one
 * share itself; with one worker (or one replication) it runs them all.
 */
export async function simulateInWorkers(
  scenario: Scenario,
  options: SimulateOptions & { workers?: number } = {},
): Promise<Report> {
  const seed = options.seed ?? scenario.seed;
  const n = options.replications ?? scenario.replications;
  const workers = Math.min(options.workers ?? defaultWorkers(), n);
  if (workers <= 1) return simulate(scenario, options);
  const started = performance.now();
  // Replications are claimed one at a time from a shared counter, not dealt out in advance:
  // a thread that starts late (module loading, its own JIT warm-up) or draws slow runs takes
  // fewer, and no thread sits idle while another still has a queue.
  const job: ReplicationJob = {
    scenario,
    seed,
    replications: n,
    next: new Int32Array(new SharedArrayBuffer(4)),
    maxEvents: options.maxEvents,
    maxInFlight: options.maxInFlight,
  };
  const results: WorldResult[] = new Array(n);
  let done = 0;
  const finished = (index: number, result: WorldResult) => {
    results[index] = result;
    done++;
    options.onProgress?.(done / n);
  };
  const threads = Array.from(
    { length: workers - 1 },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL("./replicationWorker.js", import.meta.url), {
          workerData: job,
        });
        worker.on("message", (m: { index: number; result: WorldResult }) =>
          finished(m.index, m.result),
        );
        worker.on("error", reject);
        worker.on("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`replication worker exited with ${code}`)),
        );
      }),
  );
  // This thread works too, while the workers start: one thread fewer to start, none idle.
  for (let index = claim(job); index !== null; index = claim(job)) {
    finished(index, runClaimed(job, index));
  }
  await Promise.all(threads);
  if (done !== n) throw new Error(`replications: ${n - done} of ${n} never reported back`);
  return buildReport(scenario, seed, results, (performance.now() - started) / 1000);
}
