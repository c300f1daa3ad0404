import type { Report } from "../report.js";
import { GATEWAY } from "../scenario/callTree.js";
import { withValues } from "../scenario/overrides.js";
import { parseScenario } from "../scenario/parse.js";
import { ScenarioError } from "../scenario/scenarioError.js";
import type { Scenario } from "../scenario/types.js";
import { simulatePoint } from "./simulate.js";
import { checkSlos, type SloCheck } from "./slo.js";

/** One varied field: its path in the scenario and the values it takes, in order. */
export interface SweepAxis {
  path: string;
  /** As a scenario file would give them: `"300/s"`, `4`, `"250ms"`. */
  values: (string | number)[];
}

/**
 * One point of a sweep: the value of each varied path and the report there.
 */
export interface SweepPoint {
  /** Position in the full grid (shards hold some of the points). */
  index: number;
  /** The value of each axis at this point, by path. */
  values: Record<string, string | number>;
  /** The report (its timeline windows left out, to keep a sweep small). */
  report: Report;
  /** The scenario's objectives checked at this point. */
  slo: SloCheck[];
  /** The busiest service by offered (analytic) utilization, which can pass 1. */
  busiest: { service: string; utilization: number };
}

/**
 * A sweep (`sweep`): the report at every point of a grid of varied parameters, on the same
 * seed at every point, with the knee (where offered utilization first reaches 1) and the first
 * objective breached.
 * @example
 * const s = sweep(data, [parseAxis("workload.rate=100/s..600/s:100/s")]);
 * s.points.map((p) => p.report.flows.checkout.latency.p99);
 * s.knee; // { point, service }
 */
export interface SweepResult {
  scenario: string;
  seed: number;
  replications: number;
  axes: SweepAxis[];
  /** Every point, the first axis varying slowest; a shard holds only its own. */
  points: SweepPoint[];
  /** Index of the first point where an objective breaks, and what broke; null if none. */
  breach: { point: number; objectives: string[] } | null;
  /** Index of the first point where offered utilization reaches 1 somewhere; null if none. */
  knee: { point: number; service: string } | null;
}

const MAX_POINTS = 10_000;
const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?`;
const VALUE = new RegExp(`^(${NUMBER})\\s*(.*)$`, "i");

/**
 * `PATH=FROM..TO[:STEP]` or `PATH=A,B,C` to an axis. FROM, TO and STEP take the unit of the
 * field (`workload.rate=100/s..1000/s:100/s`); without STEP an integer range of at most 20
 * steps goes by 1, anything else in 10 equal steps.
 * @throws {ScenarioError} naming the problem
 *
 * @example
 * parseAxis("workload.rate=100/s..300/s:100/s"); // { path: "workload.rate", values: ["100/s", "200/s", "300/s"] }
 * parseAxis("services.payment.instances=2,3,4");
 */
export function parseAxis(spec: string): SweepAxis {
  const eq = spec.indexOf("=");
  const fail = (message: string): never => {
    throw new ScenarioError([{ path: `--vary ${spec}`, message }]);
  };
  if (eq <= 0) fail("expected PATH=FROM..TO[:STEP] or PATH=A,B,C");
  const path = spec.slice(0, eq).trim();
  const range = spec.slice(eq + 1).trim();
  if (!range.includes("..")) {
    const values = range
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (values.length === 0) fail("expected PATH=FROM..TO[:STEP] or PATH=A,B,C");
    return { path, values: values.map((v) => (Number.isFinite(Number(v)) ? Number(v) : v)) };
  }
  const [span, stepText] = range.split(":") as [string, string | undefined];
  const [fromText, toText] = span.split("..") as [string, string];
  const read = (text: string | undefined, what: string) => {
    const m = VALUE.exec((text ?? "").trim());
    if (!m) return fail(`expected a number with the field's unit for ${what}, got "${text}"`);
    return { n: Number(m[1]), unit: m[2]!.trim() };
  };
  const from = read(fromText, "FROM");
  const to = read(toText, "TO");
  const unit = from.unit || to.unit;
  for (const [v, what] of [
    [from, "FROM"],
    [to, "TO"],
  ] as const) {
    if (v.unit !== "" && v.unit !== unit) fail(`${what} is in ${v.unit}, expected ${unit}`);
  }
  if (!(to.n >= from.n)) fail(`expected FROM <= TO, got ${from.n}${unit}..${to.n}${unit}`);
  let step: number;
  if (stepText !== undefined) {
    const s = read(stepText, "STEP");
    if (s.unit !== "" && s.unit !== unit) fail(`STEP is in ${s.unit}, expected ${unit}`);
    if (!(s.n > 0)) fail(`expected a STEP > 0, got ${stepText}`);
    step = s.n;
  } else {
    const integers = Number.isInteger(from.n) && Number.isInteger(to.n);
    step = integers && to.n - from.n <= 20 ? 1 : (to.n - from.n) / 10 || 1;
  }
  const count = Math.floor((to.n - from.n) / step + 1e-9) + 1;
  if (count > MAX_POINTS) fail(`${count} values; at most ${MAX_POINTS}`);
  const values = Array.from({ length: count }, (_, i) => {
    const n = Number((from.n + i * step).toPrecision(12));
    return unit === "" ? n : `${n}${unit}`;
  });
  return { path, values };
}

/**
 * Every combination of the axes' values, the first axis varying slowest.
 *
 * @example
 * sweepGrid([parseAxis("a=1,2"), parseAxis("b=x,y")]);
 * // [{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }]
 */
export function sweepGrid(axes: readonly SweepAxis[]): Record<string, string | number>[] {
  let grid: Record<string, string | number>[] = [{}];
  for (const axis of axes) {
    grid = grid.flatMap((point) => axis.values.map((v) => ({ ...point, [axis.path]: v })));
    if (grid.length > MAX_POINTS) {
      throw new ScenarioError([
        { path: "--vary", message: `${grid.length}+ points; at most ${MAX_POINTS}` },
      ]);
    }
  }
  return grid;
}

/**
 * How `sweep` runs each point: seed, replications (or a precision), which points (a shard),
 * a progress callback.
 */
export interface SweepOptions {
  seed?: number;
  replications?: number;
  /** Simulate each point until precise (see `SimulateOptions.precision`). */
  precision?: number;
  maxReplications?: number;
  /** Only these point indices (a shard); default all. */
  points?: readonly number[];
  /** Called after each point with (points done, points to do). */
  onPoint?: (done: number, total: number) => void;
}

/** A sweep's points, checked and ready to simulate (see `prepareSweep`). */
export interface PreparedSweep {
  name: string;
  seed: number;
  /** Replications per point as asked; undefined: each point's scenario says. */
  replicationsOverride: number | undefined;
  /** Replications as the result reports them (the first point's when not asked). */
  replications: number;
  /** Each point until precise, when asked. */
  precision: { precision?: number; maxReplications?: number };
  axes: readonly SweepAxis[];
  grid: Record<string, string | number>[];
  /** The grid indices to run, and their scenarios, in the same order. */
  indices: number[];
  scenarios: Scenario[];
}

/**
 * Check a sweep's points before anything runs: each point's scenario is parsed with its
 * values applied. Simulate each with `simulatePoint` (in any order, on any thread), then
 * `assembleSweep`; `sweep` does all three in turn.
 * @throws {ScenarioError} for a path that does not exist or a value the scenario refuses
 */
export function prepareSweep(
  data: object,
  axes: readonly SweepAxis[],
  options: Pick<
    SweepOptions,
    "seed" | "replications" | "points" | "precision" | "maxReplications"
  > = {},
): PreparedSweep {
  const grid = sweepGrid(axes);
  const indices = options.points ? [...options.points] : grid.map((_, i) => i);
  const scenarios = indices.map((i) => {
    const values = grid[i]!;
    try {
      return parseScenario(withValues(data, Object.entries(values)) as object);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const at = Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      throw new ScenarioError(
        error.issues.map((issue) => ({ ...issue, message: `${issue.message} (at ${at})` })),
      );
    }
  });
  const first = scenarios[0] ?? parseScenario(data);
  return {
    name: first.name,
    seed: options.seed ?? first.seed,
    replicationsOverride: options.replications,
    replications: options.replications ?? first.replications,
    precision: { precision: options.precision, maxReplications: options.maxReplications },
    axes,
    grid,
    indices,
    scenarios,
  };
}

/** The sweep's result from its points' reports (in the prepared order). */
export function assembleSweep(prepared: PreparedSweep, reports: readonly Report[]): SweepResult {
  const points = prepared.indices.map((index, k) =>
    pointOf(
      index,
      prepared.grid[index]!,
      reports[k]!,
      checkSlos(reports[k]!, prepared.scenarios[k]!.slo),
    ),
  );
  return summarize(prepared.name, prepared.seed, prepared.replications, prepared.axes, points);
}

/**
 * Simulate a scenario (plain data, as read from a file) at every point of a grid, on the same
 * seed at every point. Each point's scenario is checked before anything runs.
 * @throws {ScenarioError} for a path that does not exist or a value the scenario refuses
 */
export function sweep(
  data: object,
  axes: readonly SweepAxis[],
  options: SweepOptions = {},
): SweepResult {
  const prepared = prepareSweep(data, axes, options);
  const n = prepared.scenarios.length;
  const reports = prepared.scenarios.map((scenario, k) => {
    const report = simulatePoint(
      scenario,
      prepared.seed,
      prepared.replicationsOverride,
      prepared.precision,
    );
    options.onPoint?.(k + 1, n);
    return report;
  });
  return assembleSweep(prepared, reports);
}

function pointOf(
  index: number,
  values: Record<string, string | number>,
  report: Report,
  slo: SloCheck[],
): SweepPoint {
  let busiest = { service: "", utilization: 0 };
  const offered = Object.entries(report.analytic.services);
  if (report.analytic.gateway) offered.push([GATEWAY, report.analytic.gateway]);
  for (const [service, a] of offered) {
    if (a.utilization > busiest.utilization || busiest.service === "")
      busiest = { service, utilization: a.utilization };
  }
  return { index, values, report, slo, busiest };
}

/** The sweep's result from its points: where the first objective breaks, and the knee. */
export function summarize(
  scenario: string,
  seed: number,
  replications: number,
  axes: readonly SweepAxis[],
  points: SweepPoint[],
): SweepResult {
  let breach: SweepResult["breach"] = null;
  let knee: SweepResult["knee"] = null;
  points.forEach((p, i) => {
    const broken = p.slo.filter((c) => !c.ok);
    if (breach === null && broken.length > 0)
      breach = { point: i, objectives: broken.map((c) => `${c.name} ${c.metric}`) };
    if (knee === null && p.busiest.utilization >= 1)
      knee = { point: i, service: p.busiest.service };
  });
  return { scenario, seed, replications, axes: [...axes], points, breach, knee };
}
