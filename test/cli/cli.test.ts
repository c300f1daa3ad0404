import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/index.js";

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");

/** Run the built CLI as a user would, with colour off unless asked. */
function meshsim(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), "meshsim-cli-"));
const file = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const small = file(
  "small.yaml",
  "name: small\nduration: 60s\nwarmup: 5s\nworkload: { rate: 20/s }\nservices:\n  api: { concurrency: 2, latency: { dist: exponential, mean: 20ms } }\nflows:\n  main: [api]\n",
);

describe("meshsim CLI", () => {
  it("prints its version and help", () => {
    expect(meshsim(["--version"])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = meshsim(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/run \[options\] <scenario>/);
    expect(help.stdout).toMatch(/validate/);
  });

  it("runs the e-commerce example and prints tables with theory beside the figures", () => {
    const r = meshsim(["run", "examples/ecommerce.yaml", "--duration", "1m"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^E-commerce platform\nseed 42 ·/);
    for (const name of [
      "gateway",
      "user",
      "catalog",
      "order",
      "payment",
      "shipping",
      "inventory",
      "checkout",
      "browse",
    ]) {
      expect(r.stdout).toContain(name);
    }
    expect(r.stdout).toMatch(/L = λW/);
    expect(r.stdout).not.toContain("\u001b["); // NO_COLOR: no escape sequences
  });

  it("prints the report, and nothing else, as JSON", () => {
    const r = meshsim(["run", small, "--json", "--seed", "9"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.seed).toBe(9);
    expect(report.scenario).toBe("small");
    expect(report.services.api.arrivals).toBeGreaterThan(1000);
    expect(report.analytic.services.api.model).toBe("M/M/c");
  });

  it("gives the same JSON for the same seed, but for the wall clock", () => {
    const strip = (s: string) => s.replace(/"wallSeconds": [0-9.e-]+/, "");
    expect(strip(meshsim(["run", small, "--json"]).stdout)).toBe(
      strip(meshsim(["run", small, "--json"]).stdout),
    );
  });

  it("applies --set overrides and --replications", () => {
    const r = meshsim([
      "run",
      small,
      "--json",
      "--set",
      "workload.rate=40/s",
      "--set",
      "services.api.instances=3",
      "--replications",
      "3",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.replications).toBe(3);
    expect(report.services.api.instances).toHaveLength(3);
    expect(report.analytic.services.api.lambda).toBe(40);
    expect(report.services.api.ci.latency.p99.low).toBeLessThanOrEqual(
      report.services.api.latency.p99,
    );
  });

  it("validates a scenario without running it", () => {
    expect(meshsim(["validate", "examples/ecommerce.yaml"])).toMatchObject({
      code: 0,
      stdout: "ok: E-commerce platform: 6 services, 3 flows\n",
    });
  });

  it("computes the formulas at the prompt, showing the formula and its inputs", () => {
    expect(meshsim(["calc", "efficiency", "100", "110", "90"]).stdout).toContain(
      "E = 1 - (max - min) / mean = 1 - (110 - 90) / 100 = 0.8",
    );
    expect(meshsim(["calc", "little", "--rate", "100/s", "--time", "0.5s"]).stdout).toBe(
      "L = λ·W = 100/s × 0.5 s = 50\n",
    );
    expect(meshsim(["calc", "little", "--L", "50", "--rate", "100/s"]).stdout).toBe(
      "W = L / λ = 50 / 100/s = 0.5 s\n",
    );
    expect(
      meshsim(["calc", "reliability", "0.999", "0.998", "0.997", "0.996", "0.995"]).stdout,
    ).toContain("= 0.985085");
    expect(meshsim(["calc", "parallel", "0.9", "0.9"]).stdout).toContain("= 0.99\n");
    expect(meshsim(["calc", "availability", "--mtbf", "999h", "--mttr", "1h"]).stdout).toContain(
      "= 0.999\n",
    );
    const mmc = JSON.parse(
      meshsim(["calc", "mmc", "--rate", "8/s", "--mean", "1s", "--servers", "10", "--json"]).stdout,
    );
    expect(mmc.probWait).toBeCloseTo(0.4092, 4);
    expect(mmc.W).toBeCloseTo(1.2046, 4);
  });

  it("compares a variant with its base on common random numbers", () => {
    const r = meshsim([
      "compare",
      small,
      "--set",
      "services.api.concurrency=1",
      "--replications",
      "3",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.replications).toBe(3);
    const p99 = c.flows.main.p99;
    // One worker instead of two: the wait grows, and the paired interval says so.
    expect(p99.variant).toBeGreaterThan(p99.base);
    expect(p99.ci.low).toBeGreaterThan(0);
    expect(p99.diff).toBeCloseTo(p99.variant - p99.base, 9);
    const table = meshsim([
      "compare",
      small,
      "--set",
      "services.api.concurrency=1",
      "--replications",
      "3",
    ]);
    expect(table.stdout).toMatch(/main p99 ms .* \+[0-9.]+ ms \([0-9.+-]+\.\.[0-9.+-]+\) \*/);
  });

  describe("bad input: a message naming the problem, exit 2, no stack trace", () => {
    const cases: [string, string[], RegExp][] = [
      [
        "a missing file",
        ["run", join(scratch, "missing.yaml")],
        /cannot read .*missing.yaml: no such file/,
      ],
      [
        "malformed YAML",
        ["run", file("bad.yaml", "workload: { rate: 1\nservices: [\n")],
        /error: invalid scenario[^\n]*\n? *line \d+, column \d+: /,
      ],
      [
        "every scenario problem",
        [
          "validate",
          file(
            "wrong.yaml",
            "workload: { rate: -1 }\nservices:\n  api: { instances: -2, latency: 5ms, failure: 1.5 }\nflows:\n  main: [apii]\n",
          ),
        ],
        /invalid scenario \(4 problems\):\n {2}workload.rate: .*\n {2}services.api.instances: expected a positive integer, got -2\n {2}services.api.failure: expected a probability in \[0, 1\], got 1.5\n {2}flows.main\[0\]: unknown service "apii" \(did you mean "api"\?\)/,
      ],
      [
        "an unknown --set path",
        ["run", small, "--set", "services.nope.instances=2"],
        /--set services.nope.instances: no object at services.nope/,
      ],
      ["a --set without =", ["run", small, "--set", "workload.rate"], /expected PATH=VALUE/],
      [
        "a bad flag value",
        ["run", small, "--replications", "0"],
        /--replications must be an integer >= 1/,
      ],
      ["an unknown flag", ["run", small, "--frobnicate"], /unknown option '--frobnicate'/],
      ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
      [
        "an unstable queue in calc",
        ["calc", "mmc", "--rate", "12/s", "--mean", "1s", "--servers", "10"],
        /mmc: unstable queue, utilization 1.200 >= 1/,
      ],
      [
        "a probability of 1.5 in calc",
        ["calc", "reliability", "0.9", "1.5"],
        /seriesReliability: reliabilities\[1\] must be in \[0, 1\], got 1.5/,
      ],
      [
        "Little's Law with one figure",
        ["calc", "little", "--L", "3"],
        /give exactly two of L, lambda and W/,
      ],
      ["a non-number in calc", ["calc", "efficiency", "10", "ten"], /expected numbers, got "ten"/],
      [
        "compare with nothing to compare",
        ["compare", small],
        /give a VARIANT file or at least one --set/,
      ],
    ];
    it.each(cases)("%s", (_name, args, message) => {
      const r = meshsim(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe("");
    });
  });
});
