import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../../src/cli/examples.js";
import { parseScenario, scenarioHash, VERSION } from "../../src/index.js";
import { meshsim, ROOT } from "../support/cli.js";

const ecommerce = readFileSync(join(ROOT, "examples/ecommerce.yaml"), "utf8");

describe("CLI habits", () => {
  it("reads the scenario from standard input as -", () => {
    const r = meshsim(["run", "-", "--set", "duration=20s", "--json"], {}, ecommerce);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scenario).toBe("E-commerce platform");
    expect(report.meshsim).toBe(VERSION);
    expect(report.scenarioHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("validate --json: the figures and hash, or every problem with its path (exit 2)", () => {
    const ok = meshsim(["validate", "-", "--json"], {}, ecommerce);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      ok: true,
      name: "E-commerce platform",
      services: 6,
      flows: 3,
      hash: scenarioHash(parseScenario(ecommerce)),
    });
    const bad = meshsim([
      "validate",
      "examples/ecommerce.yaml",
      "--json",
      "--set",
      "services.payment.instances=0",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("");
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      issues: [
        { path: "services.payment.instances", message: "expected a positive integer, got 0" },
      ],
    });
  });

  it("a scenario's hash says what is simulated, not how it is written", () => {
    const same = parseScenario(ecommerce.replace("rate: 200/s", "rate: 200 # per second"));
    expect(scenarioHash(same)).toBe(scenarioHash(parseScenario(ecommerce)));
    const other = parseScenario(ecommerce.replace("rate: 200/s", "rate: 201/s"));
    expect(scenarioHash(other)).not.toBe(scenarioHash(parseScenario(ecommerce)));
  });
});

describe("--junit", () => {
  it("writes each objective as a JUnit test case, breaches as failures, and implies --slo", () => {
    const dir = mkdtempSync(join(tmpdir(), "meshsim-junit-"));
    const file = join(dir, "slo.xml");
    const r = meshsim([
      "run",
      "examples/ecommerce.yaml",
      "--set",
      "duration=1m",
      "--set",
      "slo.flows.checkout.p99=500ms",
      "--set",
      "slo.flows.browse.p99=1s",
      "--junit",
      file,
      "--quiet",
    ]);
    expect(r.code).toBe(1);
    const xml = readFileSync(file, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toMatch(
      /<testsuite name="meshsim SLO: E-commerce platform" tests="2" failures="1"/,
    );
    expect(xml).toMatch(
      /<testcase classname="flow.checkout" name="p99 &lt;= 500 ms"><failure message="flow checkout: p99 /,
    );
    expect(xml).toMatch(/<testcase classname="flow.browse" name="p99 &lt;= 1 s"><system-out>/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(2);
  });
});

describe("--help", () => {
  it("ends with examples for every command, and the quick ones work as written", () => {
    for (const name of Object.keys(EXAMPLES)) {
      const help = meshsim([name, "--help"]);
      expect(help.code, name).toBe(0);
      expect(help.stdout, name).toMatch(/\nExamples:\n( {2}.+\n){1,3}$/);
    }
    const quick = [
      ...EXAMPLES.validate!.slice(0, 1),
      ...EXAMPLES.diagram!.slice(1),
      ...EXAMPLES.calc!,
    ];
    for (const line of quick) {
      const r = meshsim(line.split(" ").slice(1));
      expect(r.code, line).toBe(0);
    }
  });
});
