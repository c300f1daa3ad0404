import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/index.js";
import { expectRefused, meshsim, ROOT, scratchFiles } from "../support/cli.js";

const { dir, file } = scratchFiles("import");
const SHOP = "examples/traces/shop.zipkin.json";

describe("meshsim import", () => {
  it("writes a commented scenario that parses, and says what it read", () => {
    const out = join(dir, "shop.yaml");
    const r = meshsim(["import", SHOP, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^1058 spans in 200 traces \(zipkin\): 6 services, 2 flows; wrote /);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^# Imported by meshsim from 1058 spans/);
    const scenario = parseScenario(text);
    expect(Object.keys(scenario.flows)).toEqual(["frontend-GET-browse", "frontend-POST-checkout"]);
  });

  it("pipes into run: the imported system simulated as it stands", () => {
    const r = spawnSync(
      "sh",
      ["-c", `node dist/bin/meshsim.js import ${SHOP} -q | node dist/bin/meshsim.js run - --json`],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.flows["frontend-POST-checkout"].started).toBeGreaterThan(0);
  });

  it("prints JSON with --json", () => {
    const r = meshsim(["import", SHOP, "--json", "-q"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.formats).toEqual(["zipkin"]);
    expect(out.summary.traces).toBe(200);
    expect(Object.keys(out.scenario.services)).toContain("payment");
  });

  it("refuses what it cannot read, naming the file and the span", () => {
    expectRefused(meshsim(["import", file("not.json", "{ nope")]), /not\.json: not JSON/);
    expectRefused(
      meshsim(["import", file("other.json", '{"spans": []}')]),
      /other\.json: not a trace file/,
    );
    expectRefused(
      meshsim([
        "import",
        file(
          "bad.json",
          '[{"traceId":"a","id":"b","timestamp":-4,"localEndpoint":{"serviceName":"x"}}]',
        ),
      ]),
      /bad\.json \[0\]\.timestamp: expected a non-negative number, got -4/,
    );
    expectRefused(meshsim(["import", join(dir, "missing.json")]), /missing\.json: no such file/);
  });
});

describe("standard input from a slow writer", () => {
  it("waits for the pipe instead of failing (EAGAIN)", () => {
    const r = spawnSync(
      "sh",
      ["-c", "(sleep 0.5; cat examples/ecommerce.yaml) | node dist/bin/meshsim.js validate -"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^ok: E-commerce platform: 6 services, 3 flows/);
  });
});
