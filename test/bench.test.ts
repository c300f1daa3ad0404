/**
 * The bench's own scripts, run as `npm run bench` runs them but on a sliver of each workload,
 * so they cannot rot between benches. Nothing here is timed: the figures checked are counts
 * and a mean against theory, which a broken script gets wrong.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mm1 } from "../src/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function run(script: string, arg: string) {
  const r = spawnSync(process.execPath, [script, arg], { cwd: root, encoding: "utf8" });
  return { status: r.status, out: r.status === 0 ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

describe("bench/workload.mjs and bench/handwritten.mjs", () => {
  it("run a fraction of W1 with events in proportion to it", () => {
    const small = run("bench/workload.mjs", "w1@0.02");
    const twice = run("bench/workload.mjs", "w1@0.04");
    expect(small.status).toBe(0);
    expect(twice.status).toBe(0);
    // Two events a customer (arrival, departure); about 20,000 and 40,000 customers.
    expect(small.out.events / small.out.customers).toBeCloseTo(2, 2);
    expect(twice.out.customers / small.out.customers).toBeCloseTo(2, 1);
  });

  it("give the same model in the hand-written loop: the M/M/1 sojourn of theory", () => {
    const hand = run("bench/handwritten.mjs", "w1@0.2");
    expect(hand.status).toBe(0);
    expect(hand.out.customers).toBe(200_000);
    expect(hand.out.events).toBe(400_000);
    // 1/(mu - lambda) = 10. At rho 0.9 the mean wait's asymptotic variance per customer is
    // rho(2 + 5rho - 4rho^2 + rho^3) / (1 - rho)^4 = 35,900 (Whitt 1989), so the mean of 200,000
    // sojourns has a standard error near sqrt(35,900 / 200,000) = 0.42: 15% is over 3 of them.
    expect(Math.abs(hand.out.meanSojourn / mm1({ lambda: 0.9, mu: 1 }).W - 1)).toBeLessThan(0.15);
  });

  it("run a fraction of a topology, every flow a chain of five calls", () => {
    const r = run("bench/workload.mjs", "topology-50@0.01");
    expect(r.status).toBe(0);
    // 200 requests/s for 10 s: an arrival and five service completions each.
    expect(r.out.events / r.out.customers).toBeCloseTo(6, 1);
    expect(r.out.reportMB).toBeGreaterThan(0);
  });

  it("refuse an unknown workload or a fraction outside (0, 1], with usage and exit 2", () => {
    for (const [script, arg] of [
      ["bench/workload.mjs", "w9"],
      ["bench/workload.mjs", "w1@1.5"],
      ["bench/handwritten.mjs", "w1@0"],
    ] as const) {
      const r = run(script, arg);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/usage/);
    }
  });
});

describe("bench/cachesim.mjs", () => {
  const valgrind = spawnSync("valgrind", ["--version"]).status === 0;

  it.skipIf(!valgrind)(
    "counts the same workload twice alike: the measurement repeats",
    () => {
      // Two runs of one build at once, each under valgrind's cache simulation with V8 made
      // predictable. Without --predictable their instructions drift by about 2%.
      const r = spawnSync(
        process.execPath,
        ["bench/cachesim.mjs", "--json", "w1@0.002", "w1@0.002", "handwritten:w1@0.002"],
        { cwd: root, encoding: "utf8" },
      );
      expect(r.status).toBe(0);
      const [a, b, hand] = JSON.parse(r.stdout);
      // The hand-written loop counted the same way: 2,000 customers, an arrival and a departure each.
      expect(hand.workload).toBe("handwritten:w1@0.002");
      expect(hand.events).toBe(4_000);
      expect(hand.instructions).toBeGreaterThan(0);
      expect(a.events).toBe(b.events);
      expect(a.events).toBeGreaterThan(3_000);
      for (const k of ["instructions", "d1", "l2"]) {
        expect(a[k]).toBeGreaterThan(0);
        expect(Math.abs(a[k] / b[k] - 1)).toBeLessThan(1e-3);
      }
    },
    120_000,
  );

  it.skipIf(!valgrind)("names the workload it cannot run, with exit 2", () => {
    const r = spawnSync(process.execPath, ["bench/cachesim.mjs", "handwritten:w3@0.01"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^cachesim: handwritten:w3@0\.01: usage: node bench\/handwritten\.mjs/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("warns of a build that Node would compile twice (.js outside an ES-module package)", () => {
    const dir = mkdtempSync(join(tmpdir(), "meshsim-cachesim-"));
    const said = (file: string) => {
      writeFileSync(join(dir, file), "export {};\n");
      // A fraction out of range: refused before valgrind, after the warning.
      return spawnSync(
        process.execPath,
        ["bench/cachesim.mjs", "--bundle", join(dir, file), "w1@2"],
        { cwd: root, encoding: "utf8" },
      ).stderr;
    };
    expect(said("a.bundle.js")).toMatch(
      /warning: .*a\.bundle\.js: a \.js file outside an ES-module package/,
    );
    expect(said("a.bundle.mjs")).not.toMatch(/warning/);
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    expect(said("a.bundle.js")).not.toMatch(/warning/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints its usage for --help, with exit 0", () => {
    const r = spawnSync(process.execPath, ["bench/cachesim.mjs", "--help"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: node bench\/cachesim\.mjs .*\n.*handwritten:w1\|w2/);
  });

  it("refuses a fraction outside (0, 1] and no workload, with exit 2", () => {
    for (const args of [["w1@2"], []]) {
      const r = spawnSync(process.execPath, ["bench/cachesim.mjs", ...args], {
        cwd: root,
        encoding: "utf8",
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/usage|fraction/);
    }
  });
});
