import { Worker } from "node:worker_threads";
import type { Report } from "../models/report.js";
import { buildReport, type SimulateOptions, simulate } from "../models/run/simulate.js";
import {
  assembleSweep,
  prepareSweep,
  type SweepAxis,
  type SweepOptions,
  type SweepResult,
} from "../models/run/sweep.js";
import type { Scenario } from "../models/scenario/types.js";
import type { WorldResult } from "../models/world/world.js";
import { defaultWorkers } from "./defaultWorkers.js";
import { SimulationPool } from "./pool.js";
import {
  abandon,
  claim,
  fromThreadError,
  itemsOf,
  replicationJob,
  runClaimed,
  type ThreadError,
  type WorkerJob,
} from "./workerJob.js";

/**
 * Run every item of a job on `workers` threads (this one and workers - 1 more), calling
 * `finished` with each result as it arrives; results come back in no set order.
 */
async function inWorkers<R>(
  job: WorkerJob,
  workers: number,
  finished: (index: number, result: R) => void,
): Promise<void> {
  const n = itemsOf(job);
  let done = 0;
  let failed: Error | null = null;
  const record = (index: number, result: R) => {
    done++;
    finished(index, result);
  };
  const threads = Array.from(
    { length: Math.max(0, workers - 1) },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL("./worker.js", import.meta.url), {
          workerData: job,
        });
        worker.on("message", (m: { index: number; result?: R; error?: ThreadError }) => {
          if (m.error !== undefined) failed ??= fromThreadError(m.error);
          else record(m.index, m.result as R);
        });
        worker.on("error", reject);
        worker.on("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`worker thread exited with ${code}`)),
        );
      }),
  );
  // This thread works too, while the workers start: one thread fewer to start, none idle.
  for (let index = claim(job); index !== null; index = claim(job)) {
    try {
      record(index, runClaimed(job, index) as R);
    } catch (error) {
      abandon(job);
      failed ??= error as Error;
    }
  }
  await Promise.all(threads);
  // The first error, of this thread or a worker's, as the kind it was (a ScenarioError stays one).
  if (failed !== null) throw failed;
  if (done !== n) throw new Error(`${job.kind}: ${n - done} of ${n} never reported back`);
}

/**
 * `simulate`, with the replications spread over worker threads. Each replication runs on the
 * seed a serial run gives it, and the report is assembled from the results in replication
 * order, so it is identical to a serial run's but for `wallSeconds`. With one worker (or one
 * replication) it is `simulate` itself.
 *
 * @example
 * const report = await simulateInWorkers(scenario, { replications: 8, workers: 4 });
 */
export async function simulateInWorkers(
  scenario: Scenario,
  options: SimulateOptions & { workers?: number } = {},
): Promise<Report> {
  if (options.precision !== undefined) {
    // Replications in doubling batches, each decided by the last: the pool's threads serve them.
    const pool = new SimulationPool(options.workers ?? defaultWorkers());
    try {
      return pool.simulate(scenario, options);
    } finally {
      pool.close();
    }
  }
  const seed = options.seed ?? scenario.seed;
  const n = options.replications ?? scenario.replications;
  const workers = Math.min(options.workers ?? defaultWorkers(), n);
  if (workers <= 1) return simulate(scenario, options);
  const started = performance.now();
  const results: WorldResult[] = new Array(n);
  let done = 0;
  await inWorkers<WorldResult>(replicationJob(scenario, options), workers, (index, result) => {
    results[index] = result;
    options.onProgress?.(++done / n);
  });
  return buildReport(scenario, seed, results, (performance.now() - started) / 1000);
}

/**
 * `sweep`, with the points spread over worker threads. Every point runs on the sweep's seed
 * as in a serial sweep, and the result is assembled in grid order, so it is identical to a
 * serial sweep's but for each report's `wallSeconds`. The points are checked here, before any
 * thread starts. With one worker (or one point) no thread starts: this one runs them all.
 *
 * @example
 * const s = await sweepInWorkers(data, [parseAxis("workload.rate=100/s..600/s:100/s")], { workers: 2 });
 */
export async function sweepInWorkers(
  data: object,
  axes: readonly SweepAxis[],
  options: SweepOptions & { workers?: number } = {},
): Promise<SweepResult> {
  const prepared = prepareSweep(data, axes, options);
  const n = prepared.scenarios.length;
  const workers = Math.min(options.workers ?? defaultWorkers(), n);
  const reports: Report[] = new Array(n);
  let done = 0;
  const finished = (k: number, report: Report) => {
    reports[k] = report;
    options.onPoint?.(++done, n);
  };
  const job: WorkerJob = {
    kind: "sweep",
    scenarios: prepared.scenarios,
    seed: prepared.seed,
    replications: prepared.replicationsOverride,
    precision: prepared.precision,
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  await inWorkers<Report>(job, workers, finished);
  return assembleSweep(prepared, reports);
}
