import { checkNonNegative, checkPositiveInteger } from "./check.js";

/**
 * Erlang B: the probability that an arrival finds all `servers` busy in M/M/c/c (loss system).
 * Computed by the stable recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)).
 * @param servers number of servers c (positive integer)
 * @param offeredLoad a = λ/μ, in Erlangs
 * @example erlangB(2, 1) // => 0.2  (a²/2 / (1 + a + a²/2))
 */
export function erlangB(servers: number, offeredLoad: number): number {
  checkPositiveInteger("erlangB", "servers", servers);
  const a = checkNonNegative("erlangB", "offeredLoad", offeredLoad);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}
