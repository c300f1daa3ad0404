import { checkNonNegative, checkPositiveInteger } from "./check.js";

/** One station of a closed network, as mean value analysis sees it. */
export interface MvaStation {
  /** Service demand per request at one copy, seconds (visits to the copy × mean service). */
  demand: number;
  /** Workers per copy (the c of an M/M/c). */
  servers: number;
  /** Identical copies (instances) the requests are spread evenly over. */
  copies: number;
}

/**
 * A closed network solved by mean value analysis (`mva`): throughput, and each station's
 * residence time and queue with `users` in the system.
 */
export interface MvaResult {
  /** Requests completed per second with all `users` in the system. */
  throughput: number;
  /** Residence time per request at each station (all its copies together), seconds. */
  residence: number[];
  /** Mean requests at one copy of each station. */
  queue: number[];
  /** Mean response time per request, Σ residence, seconds (think time excluded). */
  responseTime: number;
  /**
   * With `arrivals`: for each single-server station, the distribution of the number of
   * requests an arriving request finds at its copy, P(j), j = 0..users-1 (by the arrival
   * theorem, the network's marginal with one user fewer); null for c > 1.
   */
  arrivalQueue?: (number[] | null)[];
}

/**
 * Exact mean value analysis of a closed product-form network (Reiser and Lavenberg, JACM
 * 27(2), 1980): `users` circulate, think for `think` seconds, then visit every station. With
 * demand D at a copy, the residence at a single-server copy is R(n) = D·(1 + Q(n-1)); for c
 * workers Seidmann's approximation (D/c)·(1 + Q(n-1)) + D·(c-1)/c is used, exact for c = 1.
 * Then X(n) = n / (Z + Σ R(n)) and Q(n) = X(n)·R(n) per copy (Little's Law).
 * @param think Z, mean think time per user between requests, seconds (>= 0)
 * @throws {RangeError} on a negative think time, demand, or a non-integer count
 * @example mva(1, 0, [{ demand: 1, servers: 1, copies: 1 }]).throughput // => 1
 */
export function mva(
  users: number,
  think: number,
  stations: readonly MvaStation[],
  options: { arrivals?: boolean } = {},
): MvaResult {
  checkPositiveInteger("mva", "users", users);
  checkNonNegative("mva", "think", think);
  for (const s of stations) {
    checkNonNegative("mva", "demand", s.demand);
    checkPositiveInteger("mva", "servers", s.servers);
    checkPositiveInteger("mva", "copies", s.copies);
  }
  const queue = new Array<number>(stations.length).fill(0);
  let residence = stations.map(() => 0);
  let throughput = 0;
  let responseTime = 0;
  // Marginals p(j | n) of single-server copies, kept up to n = users - 1 (what an arrival sees):
  // p(j | n) = D·X(n)·p(j-1 | n-1) for j >= 1 and p(0 | n) = 1 - D·X(n), the copy's idle share.
  const marginals = options.arrivals ? stations.map((s) => (s.servers === 1 ? [1] : null)) : null;
  for (let n = 1; n <= users; n++) {
    responseTime = 0;
    residence = stations.map((s, k) => {
      const D = s.demand;
      const c = s.servers;
      const r = s.copies * ((D / c) * (1 + queue[k]!) + (D * (c - 1)) / c);
      responseTime += r;
      return r;
    });
    throughput = n / (think + responseTime);
    residence.forEach((r, k) => {
      queue[k] = (throughput * r) / stations[k]!.copies;
    });
    if (marginals !== null && n < users) {
      marginals.forEach((p, k) => {
        if (p === null) return;
        const u = stations[k]!.demand * throughput;
        for (let j = n; j >= 1; j--) p[j] = u * p[j - 1]!;
        p[0] = Math.max(0, 1 - u);
      });
    }
  }
  const result: MvaResult = { throughput, residence, queue, responseTime };
  if (marginals !== null) result.arrivalQueue = marginals;
  return result;
}

/**
 * P(T > t) for a call at a single-server exponential copy of a closed network: it finds j
 * requests there with probability P(j) (MVA's `arrivalQueue`) and waits out j + 1
 * exponential services of rate mu, an Erlang-(j+1) sojourn: Σᵢ e^(-μt) (μt)^i / i! · P(J >= i).
 * @example closedSojournTail([1], 2)(0.5) // => e^-1, an empty copy: one exponential service
 */
export function closedSojournTail(
  arrivalQueue: readonly number[],
  mu: number,
): (t: number) => number {
  const atLeast = new Float64Array(arrivalQueue.length);
  for (let i = arrivalQueue.length - 1, sum = 0; i >= 0; i--) atLeast[i] = sum += arrivalQueue[i]!;
  return (t: number) => {
    if (t <= 0) return 1;
    const x = mu * t;
    let log = -x; // log of e^-x x^i / i!
    let sum = 0;
    for (let i = 0; i < atLeast.length; i++) {
      if (i > 0) log += Math.log(x) - Math.log(i);
      sum += Math.exp(log) * atLeast[i]!;
    }
    return Math.min(1, sum);
  };
}
