import { checkPositive, checkPositiveInteger, checkStable } from "./check.js";
import { erlangC } from "./erlangC.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * M/M/c: Poisson arrivals, exponential service, c servers, one FIFO queue
 * (Gross and Harris, Fundamentals of Queueing Theory, §2.3). With C the Erlang C value,
 * Wq = C / (cμ - λ), W = Wq + 1/μ, L = λW, Lq = λWq.
 * @throws {RangeError} on non-positive rates, a non-integer server count, or λ >= cμ
 * @example mmc({ lambda: 1, mu: 1, servers: 2 }).Wq // => 1/3
 */
export function mmc(q: {
  lambda: number;
  mu: number;
  servers: number;
}): QueueMetrics & { probWait: number } {
  const lambda = checkPositive("mmc", "lambda", q.lambda);
  const mu = checkPositive("mmc", "mu", q.mu);
  const c = checkPositiveInteger("mmc", "servers", q.servers);
  const rho = lambda / (c * mu);
  checkStable("mmc", rho);
  const probWait = erlangC(c, lambda / mu);
  const Wq = probWait / (c * mu - lambda);
  const W = Wq + 1 / mu;
  return { utilization: rho, throughput: lambda, L: lambda * W, Lq: lambda * Wq, W, Wq, probWait };
}
