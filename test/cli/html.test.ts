import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meshsim, scratchFiles } from "../support/cli.js";

const { dir, file } = scratchFiles("html");
const small = file(
  "small.yaml",
  "duration: 20s\nreplications: 2\nworkload: { rate: 20/s }\nservices:\n  api: { latency: 10ms }\n  db: { latency: 5ms }\nflows:\n  main:\n    - api: [db]\n",
);

/** The chart specifications a page carries (the JSON its boot script reads). */
function chartIds(html: string): string[] {
  return [...html.matchAll(/"id":"([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

describe("--html writes one self-contained page beside the usual output", () => {
  it("run: the page is written, stderr says where and how big, stdout is the table as ever", () => {
    const out = join(dir, "run.html");
    const r = meshsim(["run", small, "--html", out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(r.stderr).toMatch(
      new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ KiB\\)`),
    );
    const kib = Number(/\((\d+) KiB\)/.exec(r.stderr)![1]);
    expect(kib).toBe(Math.round(Buffer.byteLength(html) / 1024));
    expect(r.stdout).toMatch(/api/);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    // Offline: no script or style sheet is fetched from anywhere.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(chartIds(html).length).toBeGreaterThan(0);
    // The scenario's text travels in the page.
    expect(html).toContain("rate: 20/s");
  });

  it("--json and --html together: stdout stays one JSON document", () => {
    const out = join(dir, "run-json.html");
    const r = meshsim(["run", small, "--json", "--html", out, "--set", "workload.rate=10/s"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.distributions.levels).toHaveLength(101);
    expect(report.distributions.flows.main).toHaveLength(101);
    expect(readFileSync(out, "utf8")).toContain("--set &#39;workload.rate=10/s&#39;");
  });

  it("--quiet writes the page without the message", () => {
    const out = join(dir, "quiet.html");
    const r = meshsim(["run", small, "--quiet", "--html", out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(r.stderr).not.toMatch(/wrote/);
  });

  it("a path that cannot be written is refused with exit 2 and no stack trace", () => {
    const r = meshsim(["run", small, "--html", join(dir, "no-such-dir", "x.html")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --html: cannot write .*no-such-dir/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("compare --duration", () => {
  it("measures both sides for the given duration", () => {
    const r = meshsim([
      "compare",
      small,
      "--set",
      "workload.rate=10/s",
      "--duration",
      "7s",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const timeline = JSON.parse(r.stdout).timeline;
    expect(timeline.time.at(-1)).toBe(7);
    expect(timeline.flows.main.base.p99).toHaveLength(timeline.time.length);
    expect(timeline.flows.main.variant.p99.every((v: number | null) => v !== null)).toBe(true);
  });

  it("refuses a duration that is not one", () => {
    const r = meshsim(["compare", small, "--set", "workload.rate=10/s", "--duration", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration.*expected a duration such as/);
  });
});
