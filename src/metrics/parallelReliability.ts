import { checkNonEmpty, checkProbability } from "./check.js";

/**
 * Reliability of redundant components, any one of which suffices: `1 - Π(1 - Ri)`.
 * Never falls below its strongest part.
 * @param reliabilities each component's probability of success, in [0, 1]
 * @throws {RangeError} when the list is empty or a value lies outside [0, 1]
 * @example parallelReliability([0.9, 0.9]) // => 0.99
 */
export function parallelReliability(reliabilities: readonly number[]): number {
  checkNonEmpty("parallelReliability", "reliabilities", reliabilities);
  let allFail = 1;
  reliabilities.forEach((r, i) => {
    allFail *= 1 - checkProbability("parallelReliability", `reliabilities[${i}]`, r);
  });
  return 1 - allFail;
}
