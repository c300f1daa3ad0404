/**
 * The work a thread does for `simulateInWorkers` and `sweepInWorkers` (parallel.ts): kept apart
 * from them, and importing only the simulation's own modules, so a worker thread loads no
 * scenario parser (zod, yaml) and starts sooner.
 */
import type { Report } from "../models/report.js";
import {
  replicationSeed,
  type SimulateOptions,
  simulatePoint,
  simulateReplication,
} from "../models/run/simulate.js";
import { ScenarioError, type ScenarioIssue } from "../models/scenario/scenarioError.js";
import type { Scenario } from "../models/scenario/types.js";
import type { WorldResult } from "../models/world/world.js";

/**
 * What a worker thread is given: a list of independent items (the replications of one run, or
 * the points of a sweep) and the shared counter from which every thread, this one included,
 * claims the next item. Items are claimed one at a time, not dealt out in advance: a thread
 * that starts late (module loading, its own JIT warm-up) or draws slow items takes fewer, and
 * no thread sits idle while another still has a queue.
 */
export type WorkerJob =
  | {
      kind: "replications";
      scenario: Scenario;
      seed: number;
      replications: number;
      maxEvents?: number;
      maxInFlight?: number;
      /** One Int32 on a SharedArrayBuffer: the next item to claim. */
      next: Int32Array;
    }
  | {
      kind: "sweep";
      scenarios: Scenario[];
      seed: number;
      replications: number | undefined;
      precision: { precision?: number; maxReplications?: number };
      next: Int32Array;
    };

/**
 * A job for a `SimulationPool` (pool.ts): the pool's threads outlive it, so it carries an id,
 * and a second counter through which the workers report each item they finish.
 */
export type PoolJob = Extract<WorkerJob, { kind: "replications" }> & {
  id: number;
  reported: Int32Array;
};

/** The job of running a scenario's replications, as `simulate` would with these options. */
export function replicationJob(
  scenario: Scenario,
  options: SimulateOptions,
): Extract<WorkerJob, { kind: "replications" }> {
  return {
    kind: "replications",
    scenario,
    seed: options.seed ?? scenario.seed,
    replications: options.replications ?? scenario.replications,
    maxEvents: options.maxEvents,
    maxInFlight: options.maxInFlight,
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
}

/** How many items a job holds. */
export function itemsOf(job: WorkerJob): number {
  return job.kind === "replications" ? job.replications : job.scenarios.length;
}

/** Claim the next item of a job, or null when none is left. */
export function claim(job: WorkerJob): number | null {
  const claimed = Atomics.add(job.next, 0, 1);
  const n = itemsOf(job);
  if (claimed >= n) return null;
  // A sweep's later points are usually the heavier ones (more load, more events): taking them
  // first leaves the light ones to fill in at the end, instead of one heavy point running
  // alone while the other threads wait.
  return job.kind === "sweep" ? n - 1 - claimed : claimed;
}

/**
 * Run one claimed item: a replication on the seed a serial run gives it, or a sweep point on
 * the sweep's seed. Either way the result is the one a serial run computes.
 */
export function runClaimed(job: WorkerJob, index: number): WorldResult | Report {
  if (job.kind === "sweep")
    return simulatePoint(job.scenarios[index]!, job.seed, job.replications, job.precision);
  return simulateReplication(job.scenario, replicationSeed(job.seed, index, job.replications), {
    maxEvents: job.maxEvents,
    maxInFlight: job.maxInFlight,
  });
}

/** An error as it crosses between threads: its kind, its message, a scenario's issues. */
export interface ThreadError {
  name: string;
  message: string;
  issues?: ScenarioIssue[];
}

/** What a thread sends back for an error, so the receiving side can throw the same kind. */
export function toThreadError(error: unknown): ThreadError {
  if (error instanceof ScenarioError)
    return { name: error.name, message: error.message, issues: error.issues };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

/**
 * The error a thread reported, as the kind it was: a ScenarioError or a RangeError (the user's
 * input, reported cleanly by the CLI, exit 2), or an Error (a bug).
 */
export function fromThreadError(e: ThreadError): Error {
  if (e.issues !== undefined) return new ScenarioError(e.issues);
  if (e.name === "RangeError") return new RangeError(e.message);
  return new Error(e.message);
}

/** Stop every thread from claiming more of a job (one item failed: the rest need not run). */
export function abandon(job: WorkerJob): void {
  Atomics.store(job.next, 0, itemsOf(job));
}
