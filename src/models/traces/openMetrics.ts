import type { Report } from "../report.js";

/** The epoch second a simulated clock starts at, unless told: 2026-01-01T00:00:00Z. */
export const DEFAULT_EPOCH = 1_767_225_600;

/**
 * A report in the OpenMetrics text format, for a dashboard or a time-series store: each
 * timeline window's figures per flow and per service as gauges stamped with the window's end,
 * each flow's requests by outcome as counters, and each flow's latency as a histogram whose
 * buckets are the report's percentiles (`distributions`): the bucket at a level's latency holds
 * that share of the requests. Simulated seconds start at `epoch`; the text ends with `# EOF`.
 *
 * @example
 * writeFileSync("run.prom", renderOpenMetrics(simulate(scenario)));
 */
export function renderOpenMetrics(report: Report, options: { epoch?: number } = {}): string {
  const epoch = options.epoch ?? DEFAULT_EPOCH;
  const out: string[] = [];
  const windows = report.timeline.windows;
  const at = (t: number) => stamp(epoch + report.warmup + t);
  const end = at(report.duration);
  const family = (name: string, type: string, help: string, unit?: string) => {
    out.push(`# TYPE ${name} ${type}`);
    if (unit !== undefined) out.push(`# UNIT ${name} ${unit}`);
    out.push(`# HELP ${name} ${help}`);
  };
  const perWindow = (
    name: string,
    help: string,
    unit: string | undefined,
    keys: readonly string[],
    label: string,
    value: (w: (typeof windows)[number], key: string) => number | undefined,
  ) => {
    family(name, "gauge", help, unit);
    for (const key of keys)
      for (const w of windows) {
        const v = value(w, key);
        if (v !== undefined)
          out.push(`${name}{${label}="${labelValue(key)}"} ${num(v)} ${at(w.time)}`);
      }
  };
  const flows = Object.keys(report.flows);
  const services = Object.keys(report.services);
  perWindow(
    "meshsim_flow_throughput",
    "Successful requests per second in the window.",
    undefined,
    flows,
    "flow",
    (w, f) => w.flows[f]?.throughput,
  );
  perWindow(
    "meshsim_flow_latency_p99_seconds",
    "p99 latency of the requests finished in the window.",
    "seconds",
    flows,
    "flow",
    (w, f) => w.flows[f]?.p99,
  );
  perWindow(
    "meshsim_flow_latency_mean_seconds",
    "Mean latency of the requests finished in the window.",
    "seconds",
    flows,
    "flow",
    (w, f) => w.flows[f]?.mean,
  );
  perWindow(
    "meshsim_flow_failures",
    "Requests failed in the window.",
    undefined,
    flows,
    "flow",
    (w, f) => w.flows[f]?.failures,
  );
  perWindow(
    "meshsim_service_throughput",
    "Calls completed per second in the window.",
    undefined,
    services,
    "service",
    (w, s) => w.services[s]?.throughput,
  );
  perWindow(
    "meshsim_service_utilization_ratio",
    "Share of the service's workers busy in the window.",
    "ratio",
    services,
    "service",
    (w, s) => w.services[s]?.utilization,
  );
  perWindow(
    "meshsim_service_latency_p99_seconds",
    "p99 time at the service of the calls finished in the window.",
    "seconds",
    services,
    "service",
    (w, s) => w.services[s]?.p99,
  );
  perWindow(
    "meshsim_service_in_system",
    "Mean calls at the service in the window (Little's L).",
    undefined,
    services,
    "service",
    (w, s) => w.services[s]?.inSystem,
  );
  perWindow(
    "meshsim_service_failures",
    "Calls failed in the window.",
    undefined,
    services,
    "service",
    (w, s) => w.services[s]?.failures,
  );

  family("meshsim_flow_requests", "counter", "Requests of the measured period by outcome.");
  for (const f of flows) {
    const r = report.flows[f]!;
    for (const [outcome, n] of [
      ["succeeded", r.succeeded],
      ["failed", r.failed],
      ["unfinished", r.unfinished],
    ] as const)
      out.push(
        `meshsim_flow_requests_total{flow="${labelValue(f)}",outcome="${outcome}"} ${num(n)} ${end}`,
      );
  }

  family(
    "meshsim_flow_latency_seconds",
    "histogram",
    "End-to-end latency of the finished requests; buckets at the report's percentiles.",
    "seconds",
  );
  const levels = report.distributions.levels;
  for (const f of flows) {
    const values = report.distributions.flows[f];
    const latency = report.flows[f]!.latency;
    const count = latency.samples;
    if (values === undefined || values.length !== levels.length || count === 0) continue;
    const label = `flow="${labelValue(f)}"`;
    // One bucket per distinct latency, holding the share of its highest level.
    let last = Number.NEGATIVE_INFINITY;
    levels.forEach((level, k) => {
      const le = values[k]!;
      const next = values[k + 1];
      if (!(le > last) || (next !== undefined && next === le)) return;
      last = le;
      out.push(
        `meshsim_flow_latency_seconds_bucket{${label},le="${num(le)}"} ${Math.round((count * level) / 100)} ${end}`,
      );
    });
    out.push(`meshsim_flow_latency_seconds_bucket{${label},le="+Inf"} ${count} ${end}`);
    out.push(`meshsim_flow_latency_seconds_count{${label}} ${count} ${end}`);
    out.push(`meshsim_flow_latency_seconds_sum{${label}} ${num(latency.mean * count)} ${end}`);
  }
  out.push("# EOF");
  return `${out.join("\n")}\n`;
}

/** A label value as OpenMetrics quotes it. */
function labelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A number as OpenMetrics writes it: NaN and ±Inf by name. */
function num(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  return String(x);
}

/** A timestamp in seconds, to the millisecond. */
function stamp(seconds: number): string {
  return seconds.toFixed(3);
}
