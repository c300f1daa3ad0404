import { expect } from "vitest";
import type { Interval } from "../../src/index.js";
import { parseScenario, type Scenario, simulate } from "../../src/index.js";

/** A one-flow scenario around the given services, for validation runs. */
export function scenario(input: object): Scenario {
  return parseScenario({ name: "validation", seed: 2026, ...input });
}

/**
 * Assert that theory lies within the replications' mean ± 2 × the 95% half-width (about four
 * standard errors). With a fixed seed the outcome is deterministic; the width keeps the check
 * meaningful for any seed (a false failure about once in 15,000 seeds) and tight enough to
 * catch a real bias of a few percent. Returns the figures for the closing note.
 */
export function expectWithin(
  label: string,
  simulated: number,
  ci: Interval | undefined | null,
  theory: number,
  maxRelative = 0.05,
): { label: string; simulated: number; theory: number; tolerance: number } {
  if (!ci) throw new Error(`${label}: no confidence interval (run with replications > 1)`);
  const half = (ci.high - ci.low) / 2;
  const tolerance = 2 * half;
  expect(
    Math.abs(simulated - theory),
    `${label}: simulated ${simulated}, theory ${theory}, tolerance ${tolerance}`,
  ).toBeLessThanOrEqual(tolerance);
  // A tolerance wider than maxRelative (5% by default) of the value would make the check toothless.
  expect(tolerance, `${label}: tolerance too wide to mean anything`).toBeLessThan(
    maxRelative * Math.abs(theory) + 1e-9,
  );
  if (process.env.MESHSIM_VALIDATION_LOG) {
    console.log(
      `VALIDATION | ${label} | simulated ${simulated.toPrecision(6)} | theory ${theory.toPrecision(6)} | ± ${tolerance.toPrecision(3)}`,
    );
  }
  return { label, simulated, theory, tolerance };
}

export { simulate };
