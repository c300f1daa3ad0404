import { checkNonNegative, checkPositive } from "./check.js";

/**
 * The three quantities of Little's Law, `L = λW`: `littlesLaw` fills in the one not given.
 */
export interface LittlesLaw {
  /** Mean number in the system. */
  L: number;
  /** Arrival (= throughput) rate, per second. */
  lambda: number;
  /** Mean time in the system, seconds. */
  W: number;
}

/**
 * Little's Law `L = λ·W` (Little, Operations Research 9(3), 1961): give exactly two of L, λ
 * and W and get all three.
 * @throws {RangeError} unless exactly two are given, each finite and >= 0 (a divisor > 0)
 * @example littlesLaw({ lambda: 100, W: 0.5 }) // => { L: 50, lambda: 100, W: 0.5 }
 */
export function littlesLaw(known: { L?: number; lambda?: number; W?: number }): LittlesLaw {
  const given = (["L", "lambda", "W"] as const).filter((k) => known[k] !== undefined);
  if (given.length !== 2) {
    throw new RangeError(
      `littlesLaw: give exactly two of L, lambda and W, got ${given.length === 0 ? "none" : given.join(", ")}`,
    );
  }
  const { L, lambda, W } = known;
  if (L === undefined) {
    return {
      L:
        checkNonNegative("littlesLaw", "lambda", lambda!) * checkNonNegative("littlesLaw", "W", W!),
      lambda: lambda!,
      W: W!,
    };
  }
  checkNonNegative("littlesLaw", "L", L);
  if (lambda === undefined) return { L, lambda: L / checkPositive("littlesLaw", "W", W!), W: W! };
  return { L, lambda, W: L / checkPositive("littlesLaw", "lambda", lambda) };
}
