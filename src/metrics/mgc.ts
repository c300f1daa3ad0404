import { checkNonNegative, checkPositive, checkPositiveInteger } from "./check.js";
import { mmc } from "./mmc.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * M/G/c by the Allen-Cunneen approximation (Allen, Probability, Statistics and Queueing
 * Theory, 2nd ed., §6.5): the M/M/c wait scaled by (1 + scv)/2. Exact for c = 1 (it is then
 * Pollaczek-Khinchine) and for exponential service (scv = 1).
 * @throws {RangeError} on invalid numbers or λ·E[S] >= c
 * @example mgc({ lambda: 1, meanService: 1, servers: 2, scv: 0 }).Wq // => 1/6
 */
export function mgc(q: {
  lambda: number;
  meanService: number;
  servers: number;
  scv: number;
}): QueueMetrics {
  const lambda = checkPositive("mgc", "lambda", q.lambda);
  const meanService = checkPositive("mgc", "meanService", q.meanService);
  const servers = checkPositiveInteger("mgc", "servers", q.servers);
  const scv = checkNonNegative("mgc", "scv", q.scv);
  const base = mmc({ lambda, mu: 1 / meanService, servers });
  const Wq = (base.Wq * (1 + scv)) / 2;
  const W = Wq + meanService;
  return { ...base, L: lambda * W, Lq: lambda * Wq, W, Wq };
}
