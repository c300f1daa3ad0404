import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/index.js";
import { meshsim, scratchFiles } from "../support/cli.js";

const { dir: scratch, file } = scratchFiles("cli");
const small = file(
  "small.yaml",
  "name: small\nduration: 60s\nwarmup: 5s\nworkload: { rate: 20/s }\nservices:\n  api: { concurrency: 2, latency: { dist: exponential, mean: 20ms } }\nflows:\n  main: [api]\n",
);

const withSlo = (p99: string) =>
  file(
    `slo-${p99}.yaml`,
    `name: slo\nduration: 60s\nwarmup: 5s\nworkload: { rate: 20/s }\nservices:\n  api: { concurrency: 2, latency: { dist: exponential, mean: 20ms } }\nflows:\n  main: [api]\nslo:\n  flows: { main: { p99: ${p99}, successRate: 0.99 } }\n  services: { api: { maxUtilization: 0.5 } }\n`,
  );

describe("meshsim CLI: checks, formats, sweeps, diagrams, schema", () => {
  it("run draws p99 and utilization over the timeline as sparklines, in the table only", () => {
    const outage = join(__dirname, "../../examples/payment-outage.yaml");
    const table = meshsim(["run", outage]).stdout;
    expect(table).toMatch(/util over time/);
    const row = table.split("\n").find((l) => l.includes("│ payment"))!;
    // The crash is in the middle of the run: payment's p99 line peaks there, not at its ends.
    const line = row.split("│").at(-2)!.trim();
    expect(line).toHaveLength(24);
    expect(line.indexOf("█")).toBeGreaterThan(4);
    expect(line.indexOf("█")).toBeLessThan(20);
    for (const flag of ["--json", "--csv", "--quiet"])
      expect(meshsim(["run", outage, flag]).stdout, flag).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it("run --slo exits 0 when every objective holds and 1 when one is breached", () => {
    const ok = meshsim(["run", withSlo("500ms"), "--slo"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/main p99 +│ +<= 500 ms │ .* │ met/);
    expect(ok.stdout).toContain("all 3 objectives met");
    const breached = meshsim(["run", withSlo("30ms"), "--slo"]);
    expect(breached.code).toBe(1);
    expect(breached.stdout).toMatch(/main p99 +│ +<= 30\.0 ms │ .* │ BREACHED/);
    expect(breached.stdout).toContain("1 of 3 objectives breached");
    const quiet = meshsim(["run", withSlo("30ms"), "--slo", "--quiet"]);
    expect(quiet).toMatchObject({ code: 1, stdout: "1 of 3 objectives breached\n", stderr: "" });
    const json = JSON.parse(meshsim(["run", withSlo("30ms"), "--slo", "--json"]).stdout);
    expect(json.slo.find((c: { metric: string }) => c.metric === "p99")).toMatchObject({
      objective: 0.03,
      ok: false,
    });
    // Objectives can come from --set too.
    const set = meshsim(["run", small, "--slo", "--set", "slo.flows.main.p99=1ms", "--quiet"]);
    expect(set.code).toBe(1);
  });

  it("run --csv prints one figure a row, with theory beside", () => {
    const r = meshsim(["run", small, "--csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("section,name,metric,value");
    expect(lines).toContainEqual(expect.stringMatching(/^service,api,utilization,0\.\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^service,api,analytic\.W,0\.\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^flow,main,latency\.p99,0\.\d+$/));
    expect(lines.every((l) => l.split(",").length === 4)).toBe(true);
  });

  it("--json and --csv cannot be combined", () => {
    const r = meshsim(["run", small, "--json", "--csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be used with/);
  });

  it("sweeps a range, marking the knee and the first SLO breach", () => {
    const r = meshsim([
      "sweep",
      small,
      "--vary",
      "workload.rate=20/s..120/s:20/s",
      "--set",
      "slo.flows.main.p99=100ms",
    ]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^│ +\d+\/s/.test(l));
    expect(rows).toHaveLength(6);
    // api: 2 workers at 20 ms serve 100/s, so utilization reaches 1 at 100/s.
    expect(rows[4]).toMatch(/100\/s .*api 100\.0% .*<- knee: api saturates/);
    expect(r.stdout).toMatch(/<- SLO breaks: main p99/);
    const json = JSON.parse(
      meshsim(["sweep", small, "--vary", "workload.rate=20/s..120/s:20/s", "--json"]).stdout,
    );
    expect(json.points).toHaveLength(6);
    expect(json.knee).toEqual({ point: 4, service: "api" });
    const csv = meshsim([
      "sweep",
      small,
      "--vary",
      "services.api.concurrency=1..3",
      "--vary",
      "workload.rate=10/s,30/s",
      "--csv",
    ]).stdout.split("\n");
    expect(csv[0]).toMatch(/^services\.api\.concurrency,workload\.rate,throughput,/);
    expect(csv.slice(1, 7).map((l) => l.split(",").slice(0, 2).join(" "))).toEqual([
      "1 10/s",
      "1 30/s",
      "2 10/s",
      "2 30/s",
      "3 10/s",
      "3 30/s",
    ]);
  });

  it("sweeps the load up until the first SLO breaks, naming the service", () => {
    const r = meshsim(["sweep", small, "--until-breach", "--set", "slo.flows.main.p99=100ms"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /knee: holds at [\d.,]+ requests\/s \([\d.]+x\); breaks at .*: main p99, broken by api/,
    );
    const json = JSON.parse(meshsim(["sweep", small, "--until-breach", "--json"]).stdout);
    expect(json.breach.broken).toEqual(["stability"]);
    expect(json.breach.rate).toBeGreaterThanOrEqual(100); // 2 workers of 20 ms
    const both = meshsim(["sweep", small, "--until-breach", "--vary", "workload.rate=1..2"]);
    expect(both.code).toBe(2);
    expect(meshsim(["sweep", small]).stderr).toMatch(/give --vary PATH=RANGE, or --until-breach/);
  });

  it("fits the Universal Scalability Law to throughput against instances", () => {
    const closed = file(
      "closed.yaml",
      "duration: 60s\nwarmup: 5s\nworkload: { users: 100, think: 10ms }\nservices:\n  api: { concurrency: 2, latency: { dist: exponential, mean: 20ms } }\nflows:\n  main: [api]\n",
    );
    const r = meshsim(["sweep", closed, "--vary", "services.api.instances=1..6", "--usl"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /USL fit over services.api.instances: X\(N\) = λN \/ \(1 \+ σ\(N-1\) \+ κN\(N-1\)\), λ = /,
    );
    const json = JSON.parse(
      meshsim(["sweep", closed, "--vary", "services.api.instances=1..6", "--usl", "--json"]).stdout,
    );
    // Independent instances scale linearly: about 100/s each, little contention.
    expect(json.usl.lambda).toBeGreaterThan(85);
    expect(json.usl.sigma).toBeLessThan(0.05);
    expect(json.usl.rSquared).toBeGreaterThan(0.99);
    expect(
      meshsim(["sweep", closed, "--vary", "services.api.balancer=random,p2c", "--usl"]).stderr,
    ).toMatch(/--usl fits throughput against one --vary of numbers/);
  });

  it("draws the topology and each flow as Mermaid diagrams", () => {
    const r = meshsim(["diagram", "examples/payment-outage.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("```mermaid\nflowchart LR");
    expect(r.stdout).toContain("client --> gateway");
    expect(r.stdout).toContain("s_order -->|timeout 2s, 2 retries| s_payment");
    expect(r.stdout).toContain("## Flow: checkout");
    expect(r.stdout).toMatch(
      /par\n +s_order->>\+s_inventory: call[\s\S]*and\n +s_order->>\+s_shipping/,
    );
    const one = meshsim(["diagram", "examples/ecommerce.yaml", "--flow", "browse"]);
    expect(one.stdout).toMatch(/^## Flow: browse\n\n```mermaid\nsequenceDiagram/);
    expect(one.stdout).not.toContain("flowchart");
    const bad = meshsim(["diagram", "examples/ecommerce.yaml", "--flow", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown flow "nope"; the flows are browse, search, checkout/);
  });

  it("prints the scenario's JSON Schema, with distributions and flows spelt out", () => {
    const r = meshsim(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties.services.additionalProperties.properties.latency.$ref).toBe(
      "#/$defs/distribution",
    );
    const dists = schema.$defs.distribution.anyOf[2].oneOf.map(
      (d: { properties: { dist: { const: string } } }) => d.properties.dist.const,
    );
    expect(dists).toContain("lognormal");
    expect(schema.properties.flows.additionalProperties.$ref).toBe("#/$defs/flow");
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["workload", "gateway", "discovery", "calls", "faults", "slo"]),
    );
  });

  it("prints the scenario reference with --markdown: docs/scenario.md, and descriptions an editor shows", () => {
    const r = meshsim(["schema", "--markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(__dirname, "../../docs/scenario.md"), "utf8"));
    expect(r.stdout).toMatch(
      /^\| `services\.\*\.concurrency` +\| integer \(> 0, <= 100000\) +\| `1` +\| Workers/m,
    );
    const schema = JSON.parse(meshsim(["schema"]).stdout);
    expect(schema.properties.services.additionalProperties.properties.queue.description).toMatch(
      /Waiting room per instance/,
    );
  });

  it("shows the failure world's tables: call policies and what each fault cost", () => {
    const r = meshsim(["run", "examples/payment-outage.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ order->payment │ +[\d,]+ │ +[\d,]+ │ +[\d,]+ │/);
    expect(r.stdout).toMatch(/crash 1 instance of payment at 4 min for 2 min │ +1 │/);
    expect(r.stdout).toContain("payment: crashed instance");
  });

  it("compare --csv prints each figure's difference and interval", () => {
    const r = meshsim(["compare", small, "--set", "services.api.concurrency=3", "--csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("figure,base,variant,difference,low,high");
    expect(lines).toContainEqual(
      expect.stringMatching(/^service api utilization,0\.\d+,0\.\d+,-0\.\d+,/),
    );
  });
});

describe("meshsim CLI: workers and shards", () => {
  const sansWall = (text: string) => {
    const r = JSON.parse(text);
    r.wallSeconds = 0;
    return JSON.stringify(r);
  };

  it("spreads replications over worker threads with the figures of a serial run", () => {
    const serial = meshsim(["run", small, "--replications", "3", "--workers", "1", "--json"]);
    const threads = meshsim(["run", small, "--replications", "3", "--workers", "2", "--json"]);
    expect(serial.code).toBe(0);
    expect(threads.code).toBe(0);
    expect(sansWall(threads.stdout)).toBe(sansWall(serial.stdout));
    expect(JSON.parse(threads.stdout).replications).toBe(3);
  });

  it("spreads a sweep's points over worker threads with the figures of a serial sweep", () => {
    const vary = ["--vary", "workload.rate=10/s..60/s:10/s"];
    const run = (workers: string) => {
      const r = meshsim(["sweep", small, ...vary, "--workers", workers, "--json"]);
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout);
      for (const p of result.points) p.report.wallSeconds = 0;
      return result;
    };
    const serial = run("1");
    const threads = run("2");
    expect(threads.points.map((p: { index: number }) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(JSON.stringify(threads)).toBe(JSON.stringify(serial));
  });

  it("plans on a pool of threads with the figures of a serial plan", () => {
    const planWith = (workers: string) => {
      const r = meshsim(["plan", withSlo("500ms"), "--workers", workers, "--json"]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout, (key, value) => (key === "wallSeconds" ? 0 : value));
    };
    const serial = planWith("1");
    expect(serial.feasible).toBe(true);
    expect(serial.simulations).toBeGreaterThan(2);
    expect(JSON.stringify(planWith("2"))).toBe(JSON.stringify(serial));
  });

  it("merges the shards of a replication set into the unsharded report", () => {
    const whole = meshsim(["run", small, "--replications", "5", "--workers", "1", "--json"]);
    const shards = [1, 2, 3].map((i) => {
      const r = meshsim(["run", small, "--replications", "5", "--shard", `${i}/3`]);
      expect(r.code).toBe(0);
      return file(`run-shard-${i}.json`, r.stdout);
    });
    const merged = meshsim(["merge", ...shards.reverse(), "--json"]);
    expect(merged.code).toBe(0);
    expect(sansWall(merged.stdout)).toBe(sansWall(whole.stdout));
    const missing = meshsim(["merge", shards[0]!, shards[1]!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/merge: missing shard 1\/3/);
    const twice = meshsim(["merge", shards[0]!, shards[0]!, shards[1]!, shards[2]!]);
    expect(twice.stderr).toMatch(/a shard is given twice/);
    const bad = meshsim(["run", small, "--shard", "4/3"]);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/--shard: expected I\/N with 1 <= I <= N/);
  });

  it("merges the shards of a sweep into the unsharded sweep", () => {
    const vary = [
      "--vary",
      "workload.rate=10/s..50/s:10/s",
      "--vary",
      "services.api.concurrency=1,2",
    ];
    const whole = JSON.parse(meshsim(["sweep", small, ...vary, "--json"]).stdout);
    const shards = [1, 2, 3, 4].map((i) =>
      file(`sweep-shard-${i}.json`, meshsim(["sweep", small, ...vary, "--shard", `${i}/4`]).stdout),
    );
    const merged = JSON.parse(meshsim(["merge", ...shards, "--json"]).stdout);
    const strip = (r: { points: { report: { wallSeconds: number } }[] }) => {
      for (const p of r.points) p.report.wallSeconds = 0;
      return JSON.stringify(r);
    };
    expect(merged.points).toHaveLength(10);
    expect(strip(merged)).toBe(strip(whole));
    const other = file("other.json", meshsim(["run", small, "--shard", "1/1"]).stdout);
    expect(meshsim(["merge", shards[0]!, other]).stderr).toMatch(/comes from another run/);
  });
});

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
    expect(table.stdout).toMatch(/main p99 .* \+[0-9.]+ ms \([0-9.+-]+\.\.[0-9.+-]+\) \*/);
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
        ["run", small, "--set", "services.apii.instances=2"],
        /--set services.apii.instances: no object at services.apii \(did you mean "api"\?\)/,
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
