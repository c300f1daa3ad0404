import { checkNonNegative, checkPositiveInteger, checkStable } from "./check.js";
import { erlangB } from "./erlangB.js";

/**
 * Erlang C: the probability that an arrival has to wait in M/M/c, `C = c·B / (c - a·(1 - B))`
 * with B the Erlang B value (Kleinrock, Queueing Systems I, eq. 3.40).
 * It lies in [0, 1] and falls as servers are added.
 * @param servers number of servers c (positive integer)
 * @param offeredLoad a = λ/μ in Erlangs; must be below c
 * @throws {RangeError} when servers is not a positive integer or a >= c (unstable)
 * @example erlangC(2, 1) // => 1/3
 */
export function erlangC(servers: number, offeredLoad: number): number {
  checkPositiveInteger("erlangC", "servers", servers);
  const a = checkNonNegative("erlangC", "offeredLoad", offeredLoad);
  checkStable("erlangC", a / servers);
  const b = erlangB(servers, a);
  return (servers * b) / (servers - a * (1 - b));
}
