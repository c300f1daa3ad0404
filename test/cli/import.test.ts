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
    expect(Object.keys(scenario.flows)).toEqual(["GET-browse", "POST-checkout"]);
  });

  it("pipes into run: the imported system simulated as it stands", () => {
    const r = spawnSync(
      "sh",
      ["-c", `node dist/bin/meshsim.js import ${SHOP} -q | node dist/bin/meshsim.js run - --json`],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.flows["POST-checkout"].started).toBeGreaterThan(0);
  });

  it("prints JSON with --json", () => {
    const r = meshsim(["import", SHOP, "--json", "-q"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.formats).toEqual(["zipkin"]);
    expect(out.summary.traces).toBe(200);
    expect(Object.keys(out.scenario.services)).toContain("payment");
  });

  it("scales the rate by --sampled, and refuses a share outside (0, 1]", () => {
    const rate = (args: string[]) =>
      Number.parseFloat(
        JSON.parse(meshsim(["import", SHOP, "--json", "-q", ...args]).stdout).scenario.workload
          .rate,
      );
    expect(rate(["--sampled", "10%"]) / rate([])).toBeCloseTo(10, 2);
    expectRefused(meshsim(["import", SHOP, "--sampled", "0"]), /--sampled|share in \(0, 1\]/);
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

describe("meshsim run --traces", () => {
  it("writes the sampled requests as traces that import reads back", () => {
    for (const format of ["otlp", "jaeger", "zipkin"]) {
      const out = join(dir, `run.${format}.json`);
      const r = meshsim([
        "run",
        "examples/ecommerce.yaml",
        "--duration",
        "30s",
        "--traces",
        out,
        "--sample",
        "10%",
        "--trace-format",
        format,
        "--json",
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).flows.checkout.started).toBeGreaterThan(0);
      expect(r.stderr).toMatch(
        new RegExp(`wrote .*run\\.${format}\\.json: \\d+ spans of \\d+ requests \\(${format}\\)`),
      );
      const back = meshsim(["import", out, "--json", "-q"]);
      expect(back.code).toBe(0);
      const imported = JSON.parse(back.stdout);
      expect(imported.formats).toEqual([format]);
      expect(Object.keys(imported.scenario.flows).sort()).toEqual(["browse", "checkout", "search"]);
    }
  });

  it("refuses a sample without a file, and a sample that is not a share", () => {
    expectRefused(
      meshsim(["run", "examples/ecommerce.yaml", "--sample", "5%"]),
      /--sample goes with --traces FILE/,
    );
    expectRefused(
      meshsim(["run", "examples/ecommerce.yaml", "--traces", join(dir, "x.json"), "--sample", "0"]),
      /--sample.*expected a share in \(0, 1\]/,
    );
    expectRefused(
      meshsim([
        "run",
        "examples/ecommerce.yaml",
        "--traces",
        join(dir, "x.json"),
        "--trace-format",
        "csv",
      ]),
      /--trace-format/,
    );
  });
});

describe("meshsim run --metrics", () => {
  it("writes the report as OpenMetrics text, and says how many samples", () => {
    const out = join(dir, "run.prom");
    const r = meshsim(["run", "examples/ecommerce.yaml", "--duration", "30s", "--metrics", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*run\.prom: \d+ samples \(OpenMetrics\)/);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^# TYPE meshsim_flow_throughput gauge\n/);
    expect(text).toMatch(
      /\nmeshsim_flow_requests_total\{flow="checkout",outcome="succeeded"\} \d+ \d+\.\d{3}\n/,
    );
    expect(text.endsWith("# EOF\n")).toBe(true);
    expectRefused(
      meshsim([
        "run",
        "examples/ecommerce.yaml",
        "--duration",
        "5s",
        "--metrics",
        join(dir, "nope", "x.prom"),
      ]),
      /--metrics: cannot write/,
    );
  });
});
