import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import type { Report } from "../models/report.js";
import { toPrecision } from "../models/run/precision.js";
import { buildReport, type SimulateOptions, simulate } from "../models/run/simulate.js";
import type { Scenario } from "../models/scenario/types.js";
import type { WorldResult } from "../models/world/world.js";
import { defaultWorkers } from "./defaultWorkers.js";
import {
  abandon,
  claim,
  fromThreadError,
  type PoolJob,
  replicationJob,
  runClaimed,
  type ThreadError,
} from "./workerJob.js";

/**
 * Worker threads that stay up across simulations, behind a *synchronous* `simulate`: for the
 * commands that run many simulations one after another, each decided by the last (`plan`,
 * `sweep --until-breach`), and whose code is synchronous library code.
 *
 * A simulation's replications are claimed from a shared counter by this thread and the
 * workers alike, as in `simulateInWorkers`. This thread then blocks (`Atomics.wait`) until the
 * workers have reported the replications they took, and reads their results straight off their
 * ports (`receiveMessageOnPort`), without going back to the event loop. Each replication runs
 * on the seed a serial run gives it, so the report is the serial one, wall time aside. The
 * threads start on first use and do not keep the process alive.
 */
export class SimulationPool {
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private jobs = 0;

  /** Threads besides this one. */
  private readonly size: number;

  /** `workers`: threads in all, this one included (default: the core count). */
  constructor(workers = defaultWorkers()) {
    this.size = workers - 1;
  }

  /** `simulate`, with the replications spread over this thread and the pool's. */
  readonly simulate = (scenario: Scenario, options: SimulateOptions = {}): Report => {
    if (options.precision !== undefined) {
      const { precision, maxReplications, ...rest } = options;
      const started = performance.now();
      const report = toPrecision(
        (replications) => this.simulate(scenario, { ...rest, replications }),
        precision,
        { start: options.replications, maxReplications },
      );
      report.wallSeconds = (performance.now() - started) / 1000;
      return report;
    }
    const n = options.replications ?? scenario.replications;
    if (this.size < 1 || n < 2) return simulate(scenario, options);
    const started = performance.now();
    this.start();
    const job: PoolJob = {
      ...replicationJob(scenario, options),
      id: ++this.jobs,
      reported: new Int32Array(new SharedArrayBuffer(4)),
    };
    for (const { port } of this.workers) port.postMessage(job);
    const results: (WorldResult | undefined)[] = new Array(n).fill(undefined);
    let mine = 0;
    for (let index = claim(job); index !== null; index = claim(job)) {
      try {
        results[index] = runClaimed(job, index) as WorldResult;
      } catch (error) {
        // The workers stop claiming; what they still report of this job the next one skips.
        abandon(job);
        throw error;
      }
      mine++;
    }
    // Every replication is claimed; wait for those the workers took. A worker reports each
    // one (its result or its error) before counting it, so none is waited for in vain.
    for (let reported = Atomics.load(job.reported, 0); reported + mine < n; ) {
      Atomics.wait(job.reported, 0, reported);
      reported = Atomics.load(job.reported, 0);
    }
    for (const { port } of this.workers) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as {
          id: number;
          index: number;
          result?: WorldResult;
          error?: ThreadError;
        };
        if (message.id !== job.id) continue;
        if (message.error !== undefined) throw fromThreadError(message.error);
        results[message.index] = message.result;
      }
    }
    const missing = results.indexOf(undefined);
    if (missing >= 0) throw new Error(`replication ${missing + 1} of ${n} never reported back`);
    return buildReport(
      scenario,
      job.seed,
      results as WorldResult[],
      (performance.now() - started) / 1000,
    );
  };

  /** Stop the threads (they would not keep the process alive anyway). */
  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }

  private start(): void {
    while (this.workers.length < this.size) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL("./worker.js", import.meta.url), {
        workerData: { kind: "pool", port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push({ worker, port: port1 });
    }
  }
}
