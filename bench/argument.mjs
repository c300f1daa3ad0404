/**
 * A workload argument of bench/workload.mjs and bench/handwritten.mjs, `name` or
 * `name@fraction`: the name, and the fraction of the workload to run (1 when none is given;
 * NaN or out of (0, 1] when it is not one, which `validFraction` refuses). A module of its
 * own, so that neither script pays for loading the other.
 */
export function workloadArgument(arg = "") {
  const [name, fractionText] = arg.split("@");
  return { name, fraction: fractionText === undefined ? 1 : Number(fractionText) };
}

export const validFraction = (fraction) => fraction > 0 && fraction <= 1;
