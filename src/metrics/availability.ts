import { checkNonNegative, checkPositive } from "./check.js";

/**
 * Steady-state availability `MTBF / (MTBF + MTTR)`.
 * @param t.mtbf mean time between failures, seconds (> 0)
 * @param t.mttr mean time to repair, seconds (>= 0)
 * @throws {RangeError} when mtbf <= 0 or mttr < 0
 * @example availability({ mtbf: 999, mttr: 1 }) // => 0.999
 */
export function availability(t: { mtbf: number; mttr: number }): number {
  const mtbf = checkPositive("availability", "mtbf", t.mtbf);
  const mttr = checkNonNegative("availability", "mttr", t.mttr);
  return mtbf / (mtbf + mttr);
}
