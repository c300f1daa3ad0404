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

export interface MvaResult {
  /** Requests completed per second with all `users` in the system. */
  throughput: number;
  /** Residence time per request at each station (all its copies together), seconds. */
  residence: number[];
  /** Mean requests at one copy of each station. */
  queue: number[];
  /** Mean response time per request, Σ residence, seconds (think time excluded). */
  responseTime: number;
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
export function mva(users: number, think: number, stations: readonly MvaStation[]): MvaResult {
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
  }
  return { throughput, residence, queue, responseTime };
}
