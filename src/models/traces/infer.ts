import { type Fitted, fitDistribution, ms } from "./fit.js";
import {
  type Call,
  covered,
  maxOverlap,
  rateProfile,
  type Step,
  shapeOf,
  toYamlStep,
} from "./shapes.js";
import type { Span } from "./spans.js";
import { serviceWorkers } from "./workers.js";

/**
 * A scenario inferred from spans: services from `service.name`, instances from the distinct
 * instances seen, flows from root operations, each flow's call tree from parent links
 * (siblings that overlap in time run in `parallel`), the mix and the arrival rate from the
 * roots, each service's own time (its span less the time its calls covered) fitted as a
 * distribution, failure probabilities from the errors a span did not inherit from its calls,
 * workers and the wait for them from the spans' own queue (see `inferWorkers`), and per-edge
 * network time where client spans show it. `notes` says, by path, where each number came from.
 */
export interface Inferred {
  /** The scenario as a file would write it. */
  data: Record<string, unknown>;
  /** Where each figure came from, by its path in `data` (`services.api.latency`). */
  notes: Map<string, string>;
  /** What the spans held and what was left out. */
  summary: ImportSummary;
}

/**
 * What the trace files held: spans, traces, services and flows, and what was left out
 * (traces without a root, asynchronous spans).
 */
export interface ImportSummary {
  spans: number;
  traces: number;
  /** Traces with no root span (a parent missing from the files): left out. */
  incomplete: number;
  /** Producer and consumer spans (asynchronous messaging): not modelled from traces yet. */
  asynchronous: number;
  /** Requests of root operations past the MAX_FLOWS most frequent: left out of the mix. */
  rare: number;
  services: number;
  flows: number;
}

const RESERVED = new Set(["gateway", "client"]);
/**
 * The most flows an import makes: root operations past the most frequent 50 (often names with
 * an id in them, `GET /product/123`) are left out of the mix, and the file says how many.
 */
export const MAX_FLOWS = 50;

/**
 * @param sampled the share of the requests the spans hold (head sampling), in (0, 1]: the
 * rates are the spans' divided by it, and the waits for workers are not read (a sample does
 * not show the queue).
 */
export function inferScenario(spans: readonly Span[], sampled = 1): Inferred {
  if (!(sampled > 0 && sampled <= 1))
    throw new RangeError(`the sampled share must be in (0, 1], got ${sampled}`);
  const notes = new Map<string, string>();
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byTrace.get(s.trace);
    if (list) list.push(s);
    else byTrace.set(s.trace, [s]);
  }
  const children = new Map<Span, Span[]>();
  const roots: Span[] = [];
  let incomplete = 0;
  for (const trace of byTrace.values()) {
    const byId = new Map(trace.map((s) => [s.id, s]));
    const traceRoots = trace.filter((s) => s.parent === null);
    if (traceRoots.length === 0) incomplete++;
    for (const s of trace) {
      const parent = s.parent === null ? undefined : byId.get(s.parent);
      if (parent === undefined) continue;
      const list = children.get(parent);
      if (list) list.push(s);
      else children.set(parent, [s]);
    }
    roots.push(...traceRoots);
  }
  const asynchronous = spans.filter((s) => s.kind === "producer" || s.kind === "consumer").length;

  /** The calls a span made: server spans below it, reached through its own client or internal spans. */
  const callsOf = (span: Span): Call[] => {
    const out: Call[] = [];
    const walk = (s: Span, outer: Span) => {
      for (const c of children.get(s) ?? []) {
        if (c.kind === "server") out.push({ callee: c, outer });
        else if (c.kind !== "producer" && c.kind !== "consumer") walk(c, outer);
      }
    };
    for (const c of children.get(span) ?? []) {
      if (c.kind === "server") out.push({ callee: c, outer: c });
      else if (c.kind !== "producer" && c.kind !== "consumer") walk(c, c);
    }
    return out.sort((a, b) => a.outer.start - b.outer.start || a.callee.start - b.callee.start);
  };
  /** The requests: a root, or the server spans under a root client span (a load generator's). */
  const entries = roots.flatMap((r) =>
    r.kind === "client" ? callsOf(r).map((c) => c.callee) : [r],
  );
  if (entries.length === 0) throw new RangeError("no request in the traces: no root span");

  // Names a scenario accepts, each service once.
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const nameOf = (service: string): string => {
    let name = names.get(service);
    if (name !== undefined) return name;
    let base = service.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z]+/, "") || "service";
    if (RESERVED.has(base)) base = `${base}-service`;
    name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
    taken.add(name);
    names.set(service, name);
    if (name !== service) notes.set(`services.${name}`, `service.name "${service}"`);
    return name;
  };

  // Every server span (and every entry) of each service: own time, failures, overlap.
  const served = new Map<string, { own: number[]; failed: number; total: number; spans: Span[] }>();
  const network = new Map<string, number[]>();
  const visited = new Set<Span>();
  const visit = (span: Span) => {
    if (visited.has(span)) return;
    visited.add(span);
    const calls = callsOf(span);
    const name = nameOf(span.service);
    const record = served.get(name) ?? { own: [], failed: 0, total: 0, spans: [] };
    served.set(name, record);
    record.total++;
    record.spans.push(span);
    record.own.push(Math.max(0, span.end - span.start - covered(span, calls)));
    // An error the span's calls did not cause is its own.
    if (span.error && !calls.some((c) => c.callee.error)) record.failed++;
    for (const c of calls) {
      if (c.outer.kind === "client" && c.outer !== c.callee) {
        const edge = `${name}->${nameOf(c.callee.service)}`;
        const hops = network.get(edge) ?? [];
        hops.push(Math.max(0, (c.outer.end - c.outer.start - (c.callee.end - c.callee.start)) / 2));
        network.set(edge, hops);
      }
      visit(c.callee);
    }
  };
  for (const e of entries) visit(e);

  // Flows: one per root operation, its call tree the one most of its requests took.
  const flows = new Map<
    string,
    { entries: Span[]; shapes: Map<string, { step: Step; n: number }> }
  >();
  for (const e of entries) {
    const key = `${nameOf(e.service)} ${e.name}`;
    const flow = flows.get(key) ?? { entries: [] as Span[], shapes: new Map() };
    flows.set(key, flow);
    flow.entries.push(e);
    const step = shapeOf(e, callsOf, nameOf);
    const signature = JSON.stringify(step);
    const shape = flow.shapes.get(signature);
    if (shape) shape.n++;
    else flow.shapes.set(signature, { step, n: 1 });
  }
  const flowNames = new Set<string>();
  const flowData: Record<string, unknown> = {};
  const mix: Record<string, number> = {};
  const oneEntry = new Set([...flows.keys()].map((k) => k.split(" ")[0])).size === 1;
  const ranked = [...flows].sort((a, b) => b[1].entries.length - a[1].entries.length);
  const rare = ranked.slice(MAX_FLOWS).reduce((n, [, f]) => n + f.entries.length, 0);
  for (const [key, flow] of ranked.slice(0, MAX_FLOWS)) {
    const [service, ...operation] = key.split(" ");
    // One entry service: flows by operation alone; several: by service and operation.
    let base = `${oneEntry ? "" : `${service}-`}${operation.join(" ")}`
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/-+$/, "")
      .replace(/^[^A-Za-z]+/, "");
    if (base === "") base = "flow";
    let name = base;
    for (let k = 2; flowNames.has(name); k++) name = `${base}-${k}`;
    flowNames.add(name);
    const shapes = [...flow.shapes.values()].sort((a, b) => b.n - a.n);
    const top = shapes[0]!;
    flowData[name] = [toYamlStep(top.step)];
    mix[name] = flow.entries.length;
    const n = flow.entries.length;
    notes.set(
      `flows.${name}`,
      `root operation "${operation.join(" ")}" of ${service}: ${n} request${n === 1 ? "" : "s"}; this call tree in ${top.n} (${pct(top.n / n)})${shapes.length > 1 ? `, ${shapes.length - 1} other tree${shapes.length > 2 ? "s" : ""} in the rest` : ""}`,
    );
  }

  // Services.
  const services: Record<string, unknown> = {};
  for (const [name, r] of served) {
    const instances = new Set(r.spans.map((s) => s.instance).filter((i) => i !== null));
    const workers = serviceWorkers(r.spans, r.own, sampled, maxOverlap(r.spans));
    const fitted: Fitted = fitDistribution(workers.work);
    const service: Record<string, unknown> = {
      instances: Math.max(1, instances.size),
      concurrency: workers.concurrency,
      latency: fitted.spec,
    };
    const failure = r.failed / r.total;
    if (failure > 0) service.failure = +failure.toPrecision(4);
    services[name] = service;
    notes.set(
      `services.${name}.instances`,
      instances.size === 0
        ? "no instance recorded (service.instance.id, host): one"
        : `distinct instances in ${r.total} spans`,
    );
    notes.set(`services.${name}.concurrency`, workers.note);
    notes.set(
      `services.${name}.latency`,
      `own time (span less its calls${workers.wait > 0 ? `, less a mean wait for a worker of ${ms(workers.wait)}` : ""}): ${fitted.note}`,
    );
    if (failure > 0)
      notes.set(
        `services.${name}.failure`,
        `${r.failed} of ${r.total} spans failed on their own (errors their calls did not cause)`,
      );
  }

  // Workload: the requests' rate over the window they cover, and a profile when it varies.
  const starts = entries.map((e) => e.start).sort((a, b) => a - b);
  const window = starts.at(-1)! - starts[0]!;
  if (!(starts.length >= 2 && window > 0))
    throw new RangeError("the traces hold fewer than two requests over time: no arrival rate");
  const rate = (starts.length - 1) / window / sampled;
  const workload: Record<string, unknown> = { rate: `${+rate.toPrecision(4)}/s` };
  notes.set(
    "workload.rate",
    `${starts.length} requests over the ${+window.toPrecision(4)} s the traces cover${sampled === 1 ? "" : `, divided by the sample (${pct(sampled)} of the requests)`}`,
  );
  const profile = rateProfile(starts, window, sampled);
  if (profile !== null) {
    delete workload.rate;
    workload.profile = profile.steps;
    notes.delete("workload.rate");
    notes.set("workload.profile", profile.note);
  }
  if (flowNames.size > 1) {
    workload.mix = mix;
    notes.set("workload.mix", "requests per root operation");
  }
  const calls: Record<string, unknown> = {};
  for (const [edge, hops] of network) {
    const mean = hops.reduce((a, b) => a + b, 0) / hops.length;
    if (mean <= 0) continue;
    calls[edge] = { network: ms(mean) };
    notes.set(
      `calls.${edge}.network`,
      `one-way hop: half of (client span - server span), mean of ${hops.length} calls`,
    );
  }
  const data: Record<string, unknown> = {
    name: "imported from traces",
    duration: `${Math.max(1, Math.ceil(window))}s`,
    ...(profile !== null ? { warmup: "0s" } : {}),
    workload,
    services,
    flows: flowData,
    ...(Object.keys(calls).length > 0 ? { calls } : {}),
  };
  notes.set("duration", "the time the traces cover");
  return {
    data,
    notes,
    summary: {
      spans: spans.length,
      traces: byTrace.size,
      incomplete,
      asynchronous,
      rare,
      services: served.size,
      flows: flowNames.size,
    },
  };
}

const pct = (share: number) => `${+(share * 100).toPrecision(3)}%`;
