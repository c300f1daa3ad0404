import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readScenarioText } from "../../src/index.js";
import { meshsim, ROOT, scratchFiles } from "../support/cli.js";
import { mutate, mutation } from "./support.js";

/**
 * The CLI as a user meets it, on a sample of mutated examples (fixed seed): `validate`, then
 * `run` on two worker threads. Each ends with exit 0, 1 (an SLO breached) or 2 (bad input,
 * said in one `error:` line), never a stack trace or exit 3.
 */
const EXAMPLES = join(ROOT, "examples");
const objects = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readScenarioText(readFileSync(join(EXAMPLES, f), "utf8")));
const { file } = scratchFiles("fuzz-cli");

const cases = fc.sample(
  fc.tuple(fc.nat({ max: objects.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })),
  { numRuns: 24, seed: 20261201 },
);

function expectNoCrash(r: ReturnType<typeof meshsim>): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  if (r.code === 2) expect(r.stderr).toMatch(/^error: /);
}

describe("fuzz: the CLI", () => {
  it.each(cases.map((c, i) => [i, c] as const))("mutated example %i", (i, [k, mutations]) => {
    const path = file(`case-${i}.json`, JSON.stringify(mutate(objects[k], mutations)) ?? "null");
    expectNoCrash(meshsim(["validate", path]));
    expectNoCrash(
      meshsim([
        "run",
        path,
        "--duration",
        "3s",
        "--replications",
        "2",
        "--workers",
        "2",
        "--quiet",
      ]),
    );
  });
});
