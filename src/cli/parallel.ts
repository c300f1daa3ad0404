import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  buildReport,
  type Report,
  replicationSeed,
  type Scenario,
  type SimulateOptions,
  simulate,
  simulateReplication,
  type WorldResult,
} from "../index.js";

/** What a replication worker is given: the scenario and its share of the replications. */
export interface ReplicationJob {
  scenario: Scenario;
  runs: { index: number; seed: number }[];
  maxEvents?: number;
  maxInFlight?: number;
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
  const jobs: ReplicationJob[] = Array.from({ length: workers }, () => ({
    scenario,
    runs: [],
    maxEvents: options.maxEvents,
    maxInFlight: options.maxInFlight,
  }));
  for (let i = 0; i < n; i++)
    jobs[i % workers]!.runs.push({ index: i, seed: replicationSeed(seed, i, n) });
  const results: WorldResult[] = new Array(n);
  let done = 0;
  const finished = (index: number, result: WorldResult) => {
    results[index] = result;
    options.onProgress?.(++done / n);
  };
  // The first share runs here, while the other shares run in worker threads: one thread fewer
  // to start, and this one is not left idle.
  const [own, ...others] = jobs;
  const threads = others.map(
    (job) =>
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
  for (const run of own!.runs) {
    finished(
      run.index,
      simulateReplication(scenario, run.seed, {
        maxEvents: options.maxEvents,
        maxInFlight: options.maxInFlight,
      }),
    );
  }
  await Promise.all(threads);
  return buildReport(scenario, seed, results, (performance.now() - started) / 1000);
}
