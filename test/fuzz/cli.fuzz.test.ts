import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readScenarioText } from "../../src/index.js";
import { mutate, mutation } from "./support.js";

/**
 * The CLI as a user meets it, on a sample of mutated examples (fixed seed): `validate`, then
 * `run` on two worker threads. Each ends with exit 0, 1 (an SLO breached) or 2 (bad input,
 * said in one `error:` line), never a stack trace or exit 3.
 */
const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "dist/bin/meshsim.js");
const EXAMPLES = join(ROOT, "examples");
const objects = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readScenarioText(readFileSync(join(EXAMPLES, f), "utf8")));
const scratch = mkdtempSync(join(tmpdir(), "meshsim-fuzz-cli-"));

const cases = fc.sample(
  fc.tuple(fc.nat({ max: objects.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })),
  { numRuns: 24, seed: 20261201 },
);

function meshsim(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

function expectNoCrash(r: ReturnType<typeof meshsim>): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  if (r.code === 2) expect(r.stderr).toMatch(/^error: /);
}

describe("fuzz: the CLI", () => {
  it.each(cases.map((c, i) => [i, c] as const))("mutated example %i", (i, [k, mutations]) => {
    const file = join(scratch, `case-${i}.json`);
    writeFileSync(file, JSON.stringify(mutate(objects[k], mutations)) ?? "null");
    expectNoCrash(meshsim(["validate", file]));
    expectNoCrash(
      meshsim([
        "run",
        file,
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
