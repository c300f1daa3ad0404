import { closedSojournTail, mva, tailQuantile } from "../../metrics/index.js";
import { isExponential } from "./figures.js";
import type { StationModel } from "./stations.js";

/**
 * The most work (users² × single-server stations) spent on a closed workload's per-station
 * sojourn distributions; beyond it the p99s are left out (noted).
 */
const MAX_MARGINAL_WORK = 2e7;

/** A closed workload's network as mean value analysis solved it, with its stations' visits. */
export interface ClosedNetwork {
  throughput: number;
  stations: {
    model: StationModel;
    visits: number;
    residence: number;
    /** What an arriving call finds at its instance, for single-server stations. */
    arrivalQueue: number[] | null;
  }[];
}

/**
 * The closed workload by mean value analysis. Call with each station's `lambda` set to its
 * visits per request: its demand per instance is visits / instances × hold time.
 */
export function closedNetwork(
  users: number,
  think: number,
  stations: StationModel[],
  notes: Set<string>,
): ClosedNetwork {
  const loaded = stations.filter((s) => s.lambda > 0 && s.holdMean > 0);
  const hold = (s: StationModel) => {
    if (Number.isFinite(s.holdMean)) return s.holdMean;
    // A blocking station whose downstream has no finite mean time in the open model.
    notes.add(
      "closed workload: a blocking station's hold time has no finite open-model mean; MVA takes its own service time",
    );
    return s.ownMean;
  };
  const single = loaded.filter((s) => s.config.concurrency === 1).length;
  const arrivals = users * users * single <= MAX_MARGINAL_WORK;
  if (!arrivals) {
    notes.add(
      `closed workload: per-station p99s left out (${users} users: their distributions would cost users² × stations > ${MAX_MARGINAL_WORK})`,
    );
  }
  const result = mva(
    users,
    think,
    loaded.map((s) => ({
      demand: (s.lambda / s.config.instances) * hold(s),
      servers: s.config.concurrency,
      copies: s.config.instances,
    })),
    { arrivals },
  );
  return {
    throughput: result.throughput,
    stations: loaded.map((model, k) => ({
      model,
      visits: model.lambda,
      residence: result.residence[k]!,
      arrivalQueue: result.arrivalQueue?.[k] ?? null,
    })),
  };
}

/**
 * Station figures from MVA's own residence times and queues, not from open-queue formulas at
 * its throughput (which call a closed network near saturation unstable): per call W = R / v,
 * L = X·R by Little's Law, utilization X·v·S / (instances·c); the p99 of a single-server
 * exponential station from what an arrival finds there (an Erlang mixture, arrival theorem).
 */
export function applyClosed(closed: ClosedNetwork): void {
  const X = closed.throughput;
  for (const { model: s, visits, residence, arrivalQueue } of closed.stations) {
    const W = residence / visits;
    const exponential = isExponential(s.ownScv) && !s.blocking;
    const p99 =
      arrivalQueue !== null && exponential
        ? tailQuantile(closedSojournTail(arrivalQueue, 1 / s.holdMean), 0.99, W)
        : null;
    s.result = {
      lambda: X * visits,
      utilization: (X * visits * s.holdMean) / (s.config.instances * s.config.concurrency),
      model: s.config.concurrency === 1 ? "MVA" : "MVA (Seidmann)",
      // Exact for single-server exponential stations (product form); Seidmann's otherwise.
      exact: s.config.concurrency === 1 && exponential,
      unstable: false,
      throughput: X * visits * (1 - s.failure),
      L: X * residence,
      W,
      Wq: Math.max(0, W - s.holdMean),
      p99,
      blocking: 0,
    };
  }
}
