import {
  mgc,
  mmc,
  mmck,
  mmcSojournQuantile,
  mmcSojournTailOf,
  type Tail,
} from "../../metrics/index.js";
import { createDistribution, scv as squaredCv } from "../../sim/index.js";
import type { AnalyticService } from "../report.js";
import type { StationConfig } from "../scenario/types.js";
import { balancedFigures, hashFigures } from "./balancing.js";
import { fromQueue, isExponential } from "./figures.js";

/** A station (service or gateway) as the analysis models it, with its latest figures. */
export interface StationModel {
  name: string;
  config: StationConfig;
  failure: number;
  blocking: boolean;
  ownMean: number;
  ownScv: number;
  /** Calls per second arriving at the station (all instances). */
  lambda: number;
  /** Σ over calls of the expected time of their nested calls (for blocking hold times). */
  nestedTime: number;
  /** Mean hold time per call: own work, plus nested calls when blocking. */
  holdMean: number;
  result: AnalyticService;
  /** P(sojourn > t) where the model gives the sojourn's distribution (M/M/c), else null. */
  tail: Tail | null;
}

export function stationModel(name: string, config: StationConfig): StationModel {
  const d = createDistribution(config.latency);
  const service = "failure" in config ? config : null;
  return {
    name,
    config,
    failure: service?.failure ?? 0,
    blocking: service?.blocking ?? false,
    ownMean: d.mean,
    ownScv: squaredCv(d),
    lambda: 0,
    nestedTime: 0,
    holdMean: d.mean,
    tail: null,
    // Before the first pass, a station's sojourn is taken as its own service time.
    result: { ...emptyResult(), W: d.mean },
  };
}

/**
 * A station's figures at its current load: each instance an M/M/c (exponential service),
 * M/G/c by Allen-Cunneen otherwise, or M/M/c/K with a finite queue, arrivals split evenly.
 */
export function stationFigures(s: StationModel, notes: Set<string>): AnalyticService {
  s.tail = null;
  const c = s.config.concurrency;
  const instances = s.config.instances;
  const queue = s.config.queue;
  const lambda = s.lambda / instances;
  const mean = s.holdMean;
  const scv = s.blocking ? 1 : s.ownScv;
  const utilization = (lambda * mean) / c;
  if (!Number.isFinite(mean)) {
    // A blocking caller whose downstream never returns (an unstable callee) holds forever.
    return {
      ...emptyResult(),
      lambda: s.lambda,
      utilization,
      model: "unstable downstream",
      unstable: s.lambda > 0,
    };
  }
  if (s.lambda === 0 || mean === 0) {
    return {
      ...emptyResult(),
      model: mean === 0 ? "no service time" : "no load",
      W: mean,
      L: 0,
      Wq: 0,
      p99: mean === 0 ? 0 : null,
    };
  }
  const exponential = isExponential(scv);
  if (queue !== null) {
    const q = mmck({ lambda, mu: 1 / mean, servers: c, capacity: c + queue });
    // For timeouts, the M/M/c sojourn tail: close to the M/M/c/K one while blocking is rare.
    if (exponential && !s.blocking && utilization < 1)
      s.tail = mmcSojournTailOf({ lambda, mu: 1 / mean, servers: c });
    if (!exponential) notes.add("finite queues: M/M/c/K is used whatever the service distribution");
    const model = exponential ? "M/M/c/K" : "M/M/c/K (exponential service assumed)";
    return fromQueue(q, s, instances, model, null, utilization >= 1);
  }
  const hash = "hash" in s.config ? (s.config.hash ?? null) : null;
  if (hash !== null && queue === null && !s.blocking) return hashFigures(s, hash, mean, scv, notes);
  // The queueing formulas compute ρ as λ/(cμ); at the edge of saturation the two roundings
  // can disagree, and the formula's own check is the one that must pass.
  if (utilization >= 1 || lambda / (c * (1 / mean)) >= 1 || lambda * mean >= c) {
    return {
      lambda: s.lambda,
      utilization,
      model: "unstable",
      exact: true,
      unstable: true,
      throughput: (instances * c * (1 - s.failure)) / mean,
      L: null,
      W: null,
      Wq: null,
      p99: null,
      blocking: 0,
    };
  }
  if (instances > 1 && !s.blocking) {
    const balanced = balancedFigures(s, lambda, mean, scv, notes);
    if (balanced !== null) return balanced;
  }
  if (exponential) {
    const q = mmc({ lambda, mu: 1 / mean, servers: c });
    if (!s.blocking) s.tail = mmcSojournTailOf({ lambda, mu: 1 / mean, servers: c });
    const p99 = s.blocking ? null : mmcSojournQuantile({ lambda, mu: 1 / mean, servers: c }, 0.99);
    return fromQueue(q, s, instances, c === 1 ? "M/M/1" : "M/M/c", p99, false);
  }
  if (!Number.isFinite(scv)) {
    // E[S²] is infinite (a Pareto of shape <= 2): so are the mean wait and sojourn.
    notes.add(
      "service times of infinite variance (Pareto, shape <= 2): the mean wait is infinite in theory, however light the load",
    );
    return {
      ...emptyResult(),
      lambda: s.lambda,
      utilization,
      model: "M/G/c, infinite variance",
      throughput: s.lambda * (1 - s.failure),
      L: null,
      Wq: null,
    };
  }
  const q = mgc({ lambda, meanService: mean, servers: c, scv });
  if (c > 1)
    notes.add("general service times with c > 1: M/G/c by the Allen-Cunneen approximation");
  return fromQueue(q, s, instances, c === 1 ? "M/G/1" : "M/G/c (Allen-Cunneen)", null, false);
}

function emptyResult(): AnalyticService {
  return {
    lambda: 0,
    utilization: 0,
    model: "no load",
    exact: true,
    unstable: false,
    throughput: 0,
    L: 0,
    W: null,
    Wq: 0,
    p99: null,
    blocking: 0,
  };
}
