import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_EPOCH,
  parseScenario,
  renderOpenMetrics,
  simulate,
  withDuration,
} from "../../../src/index.js";

/**
 * The OpenMetrics text checked by the Prometheus project's own parser (python3-prometheus-client,
 * which .ci/run installs): it refuses bad names, units, grouping, bucket order and histogram
 * counts. Its Timestamp comparison in Debian's 0.16 is wrong across whole seconds
 * (sec > sec' or nsec > nsec'), so the check runs with it corrected.
 */
const PARSE = `
import json, sys
from prometheus_client import samples
samples.Timestamp.__gt__ = lambda a, b: (a.sec, a.nsec) > (b.sec, b.nsec)
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "unit": f.unit, "samples": [
        {"name": s.name, "labels": s.labels, "value": s.value, "time": float(str(s.timestamp))} for s in f.samples]})
json.dump(out, sys.stdout)
`;
type Family = {
  name: string;
  type: string;
  unit: string;
  samples: { name: string; labels: Record<string, string>; value: number; time: number }[];
};

const report = simulate(
  withDuration(
    parseScenario(readFileSync(join(__dirname, "../../../examples/payment-outage.yaml"), "utf8")),
    300,
  ),
);
const text = renderOpenMetrics(report);
const parsed = spawnSync("/usr/bin/python3", ["-c", PARSE], { input: text, encoding: "utf8" });
if (parsed.status !== 0)
  throw new Error(`the OpenMetrics parser refused the text:\n${parsed.stderr}`);
const families = JSON.parse(parsed.stdout) as Family[];
const byName = new Map(families.map((f) => [f.name, f]));

describe("renderOpenMetrics", () => {
  it("is OpenMetrics the Prometheus parser accepts, ending in # EOF", () => {
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(families.map((f) => `${f.name} ${f.type}${f.unit ? ` ${f.unit}` : ""}`)).toEqual([
      "meshsim_flow_throughput gauge",
      "meshsim_flow_latency_p99_seconds gauge seconds",
      "meshsim_flow_latency_mean_seconds gauge seconds",
      "meshsim_flow_failures gauge",
      "meshsim_service_throughput gauge",
      "meshsim_service_utilization_ratio gauge ratio",
      "meshsim_service_latency_p99_seconds gauge seconds",
      "meshsim_service_in_system gauge",
      "meshsim_service_failures gauge",
      "meshsim_flow_requests counter",
      "meshsim_flow_latency_seconds histogram seconds",
    ]);
  });

  it("stamps each window's figures with the window's end, on the simulated clock", () => {
    const windows = report.timeline.windows;
    const utilization = byName
      .get("meshsim_service_utilization_ratio")!
      .samples.filter((s) => s.labels.service === "payment");
    expect(utilization.map((s) => s.value)).toEqual(
      windows.map((w) => w.services.payment!.utilization),
    );
    expect(utilization.map((s) => s.time)).toEqual(
      windows.map((w) => Number((DEFAULT_EPOCH + report.warmup + w.time).toFixed(3))),
    );
    // The outage shows: payment's failures per window jump while an instance is down.
    const failures = byName
      .get("meshsim_service_failures")!
      .samples.filter((s) => s.labels.service === "payment");
    expect(Math.max(...failures.map((s) => s.value))).toBeGreaterThan(10);
  });

  it("counts each flow's requests by outcome, and gives its latency as a histogram of the report's percentiles", () => {
    const requests = byName.get("meshsim_flow_requests")!.samples;
    const checkout = report.flows.checkout!;
    const of = (outcome: string) =>
      requests.find((s) => s.labels.flow === "checkout" && s.labels.outcome === outcome)!.value;
    expect([of("succeeded"), of("failed"), of("unfinished")]).toEqual([
      checkout.succeeded,
      checkout.failed,
      checkout.unfinished,
    ]);
    const histogram = byName
      .get("meshsim_flow_latency_seconds")!
      .samples.filter((s) => s.labels.flow === "checkout");
    const count = histogram.find((s) => s.name.endsWith("_count"))!.value;
    expect(count).toBe(checkout.latency.samples);
    const buckets = histogram.filter((s) => s.name.endsWith("_bucket"));
    // The bucket at the p99 latency holds 99% of the requests.
    const p99 = report.distributions.flows.checkout![report.distributions.levels.indexOf(99)]!;
    const at99 = buckets.find((b) => Number(b.labels.le) === p99)!;
    expect(at99.value).toBe(Math.round(0.99 * count));
    expect(buckets.at(-1)!.labels.le).toBe("+Inf");
  });
});
