import { ekmc, mgc, mmc, mmcSojournQuantile, mmcSojournTailOf } from "../../metrics/index.js";
import type { AnalyticService } from "../report.js";
import { shardShares } from "../scenario/hashRing.js";
import type { HashConfig } from "../scenario/types.js";
import { popularityOf } from "./caches.js";
import { fromQueue, isExponential } from "./figures.js";
import type { StationModel } from "./stations.js";

/**
 * A station of several instances, by how its balancer spreads calls: round-robin (every n-th
 * call), least-outstanding and p2c (to the less loaded); null for random and weighted, which
 * split a Poisson stream into Poisson streams (the station's own M/M/c per instance).
 */
export function balancedFigures(
  s: StationModel,
  lambda: number,
  mean: number,
  scv: number,
  notes: Set<string>,
): AnalyticService | null {
  const kind = s.config.balancer;
  if (kind === "round-robin") return roundRobinFigures(s, lambda, mean, scv, notes);
  const exponential = isExponential(scv);
  if (!exponential || s.config.queue !== null) return null;
  const n = s.config.instances;
  const c = s.config.concurrency;
  if (kind === "least-outstanding" || (kind === "p2c" && (n === 2 || c > 1)))
    return pooledFigures(s, lambda, mean, notes);
  if (kind === "p2c") return powerOfTwoFigures(s, lambda, mean, notes);
  return null;
}

/**
 * Joining the least loaded instance comes close to one queue for all n·c workers: the pooled
 * M/M/nc, a lower bound on the wait (validated against simulation within 15% for n <= 16,
 * ρ <= 0.9). p2c over two instances is the same rule.
 */
function pooledFigures(
  s: StationModel,
  lambda: number,
  mean: number,
  notes: Set<string>,
): AnalyticService {
  const n = s.config.instances;
  const servers = n * s.config.concurrency;
  const pooled = { lambda: lambda * n, mu: 1 / mean, servers };
  const q = mmc(pooled);
  s.tail = mmcSojournTailOf(pooled);
  notes.add(
    "least-outstanding (and p2c over 2 instances): the pooled M/M/nc of all workers, an approximation and a lower bound on the wait",
  );
  const perInstance = { ...q, throughput: lambda, L: q.L / n, Lq: q.Lq / n };
  return fromQueue(
    perInstance,
    s,
    n,
    "M/M/nc pooled (approximation)",
    mmcSojournQuantile(pooled, 0.99),
    false,
  );
}

/**
 * p2c over n > 2 single-worker instances: Mitzenmacher's mean field (IEEE TPDS 12(10),
 * 2001), a share ρ^(2^i - 1) of the instances holding at least i calls, so L = Σ ρ^(2^i - 1)
 * per instance. Exact as n grows; for few instances it understates the wait (within 35% for
 * n >= 4, ρ <= 0.9, on the validation grid).
 */
function powerOfTwoFigures(
  s: StationModel,
  lambda: number,
  mean: number,
  notes: Set<string>,
): AnalyticService {
  const rho = lambda * mean;
  let L = 0;
  for (let i = 1; i < 64; i++) {
    const term = rho ** (2 ** i - 1);
    L += term;
    if (term < 1e-16) break;
  }
  const W = L / lambda;
  notes.add(
    "p2c over more than 2 instances: Mitzenmacher's mean-field power of two choices, an approximation (exact as instances grow)",
  );
  return fromQueue(
    { utilization: rho, throughput: lambda, L, Lq: L - rho, W, Wq: W - mean },
    s,
    s.config.instances,
    "power of two choices (mean field, approximation)",
    null,
    false,
  );
}

/**
 * An instance behind a round-robin balancer sees every n-th call: Erlang-n interarrival
 * times (c²ₐ = 1/n), far more regular than the Poisson split of a random balancer. With
 * exponential workers that is E_n/M/c, solved exactly (exact for the first station of an
 * open workload, whose arrivals are Poisson); general service takes the Allen-Cunneen
 * two-moment approximation Wq ≈ (c²ₐ + c²ₛ)/2 · Wq(M/M/c).
 */
export function roundRobinFigures(
  s: StationModel,
  lambda: number,
  mean: number,
  scv: number,
  notes: Set<string>,
): AnalyticService {
  const c = s.config.concurrency;
  const n = s.config.instances;
  const instances = n;
  if (isExponential(scv)) {
    const q = ekmc({ lambda, mu: 1 / mean, servers: c, phases: n });
    s.tail = q.tail;
    notes.add(
      "round-robin: each instance sees Erlang-n interarrival times of the split stream; exponential workers make it E_n/M/c, solved exactly (exact for Poisson arrivals)",
    );
    return fromQueue(q, s, instances, `E${n}/M/${c} (round-robin)`, q.quantile(0.99), false);
  }
  const base = mmc({ lambda, mu: 1 / mean, servers: c });
  const Wq = ((1 / n + scv) / 2) * base.Wq;
  const W = Wq + mean;
  notes.add(
    "round-robin with general service times: Allen-Cunneen's two-moment approximation with c²ₐ = 1/n",
  );
  return fromQueue(
    { ...base, Wq, W, Lq: lambda * Wq, L: lambda * W },
    s,
    instances,
    "GI/G/c (Allen-Cunneen, round-robin)",
    null,
    false,
  );
}

/** Shard shares of one hash balancer, kept: a planner analyses the same station many times. */
const sharesMemo = new Map<string, number[]>();

export function hashShares(config: HashConfig, instances: number): number[] {
  const key = `${config.keys}/${config.zipf}/${config.virtualNodes}/${instances}`;
  let shares = sharesMemo.get(key);
  if (shares === undefined) {
    shares = shardShares(config, instances, popularityOf(config.keys, config.zipf));
    sharesMemo.set(key, shares);
  }
  return shares;
}

/**
 * A hash-balanced station: each instance (shard) an M/M/c (M/G/c by Allen-Cunneen otherwise)
 * at its own load, λ times the sum of its keys' probabilities; the station's W is the
 * load-weighted mean, its utilization the mean, and the hottest shard is named. Unstable as
 * soon as one shard is.
 */
export function hashFigures(
  s: StationModel,
  hash: HashConfig,
  mean: number,
  scv: number,
  notes: Set<string>,
): AnalyticService {
  const n = s.config.instances;
  const c = s.config.concurrency;
  const shares = hashShares(hash, n);
  const loads = shares.map((p) => (s.lambda * p * mean) / c);
  const hottest = loads.indexOf(Math.max(...loads));
  const exponential = isExponential(scv);
  notes.add(
    "hash balancer: each shard's load is the sum of its keys' probabilities; each shard is its own queue",
  );
  const base = {
    lambda: s.lambda,
    utilization: (s.lambda * mean) / (n * c),
    hottest: { instance: hottest + 1, utilization: loads[hottest]! },
    shares,
    blocking: 0,
    throughput: s.lambda * (1 - s.failure),
  };
  if (loads[hottest]! >= 1) {
    return {
      ...base,
      model: "hash: hottest shard unstable",
      exact: true,
      unstable: true,
      L: null,
      W: null,
      Wq: null,
      p99: null,
    };
  }
  let W = 0;
  let Wq = 0;
  let L = 0;
  for (const p of shares) {
    if (p === 0) continue;
    const lambda = s.lambda * p;
    const q = exponential
      ? mmc({ lambda, mu: 1 / mean, servers: c })
      : mgc({ lambda, meanService: mean, servers: c, scv });
    W += p * q.W;
    Wq += p * q.Wq;
    L += q.L;
  }
  const model = exponential ? "M/M/c per shard (hash)" : "M/G/c per shard (hash, Allen-Cunneen)";
  return { ...base, model, exact: exponential, unstable: false, L, W, Wq, p99: null };
}
