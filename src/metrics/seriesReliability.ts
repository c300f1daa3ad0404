import { checkNonEmpty, checkProbability } from "./check.js";

/**
 * Reliability of components in series, all of which must work: `Π Ri`.
 * Never exceeds its weakest part.
 * @param reliabilities each component's probability of success, in [0, 1]
 * @throws {RangeError} when the list is empty or a value lies outside [0, 1]
 * @example seriesReliability([0.999, 0.998, 0.997, 0.996, 0.995]) // => 0.98508…
 */
export function seriesReliability(reliabilities: readonly number[]): number {
  checkNonEmpty("seriesReliability", "reliabilities", reliabilities);
  let product = 1;
  reliabilities.forEach((r, i) => {
    product *= checkProbability("seriesReliability", `reliabilities[${i}]`, r);
  });
  return product;
}
