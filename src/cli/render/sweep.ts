import type { ChalkInstance } from "chalk";
import type {
  SaturationPoint,
  SaturationResult,
  SweepPoint,
  SweepResult,
  UslFit,
} from "../../index.js";
import { type Column, dur, num, pct, table } from "./table.js";

/** The busiest service and its offered utilization, coloured as it nears 1. */
function busiest(b: { service: string; utilization: number }, c: ChalkInstance): string {
  const util = `${b.service} ${pct(b.utilization)}`;
  return b.utilization >= 1 ? c.red(util) : b.utilization > 0.8 ? c.yellow(util) : util;
}

function sweepColumns(result: SweepResult, c: ChalkInstance): Column<[SweepPoint, number]>[] {
  const first = result.points[0]?.report;
  const flows = first ? Object.keys(first.flows) : [];
  return [
    ...result.axes.map(
      (a): Column<[SweepPoint, number]> => ({
        head: a.path,
        cell: ([p]) => String(p.values[a.path]),
      }),
    ),
    { head: "thru/s", cell: ([p]) => num(p.report.totals.throughput) },
    { head: "success", cell: ([p]) => pct(p.report.totals.successRate, 2) },
    ...flows.map(
      (f): Column<[SweepPoint, number]> => ({
        head: `${f} p99`,
        cell: ([p]) => {
          const text = dur(p.report.flows[f]!.latency.p99);
          const broken = p.slo.some((k) => !k.ok && k.scope === "flow" && k.name === f);
          return broken ? c.red(text) : text;
        },
      }),
    ),
    { head: "busiest (offered util)", align: "left", cell: ([p]) => busiest(p.busiest, c) },
    {
      head: "",
      align: "left",
      cell: ([, i]) => {
        const marks: string[] = [];
        if (result.knee?.point === i)
          marks.push(c.red(`<- knee: ${result.knee.service} saturates`));
        if (result.breach?.point === i)
          marks.push(c.red(`<- SLO breaks: ${result.breach.objectives.join(", ")}`));
        return marks.join(" ");
      },
    },
  ];
}

/** A sweep as a table: a row a point, the knee and the first breach marked. */
export function renderSweep(result: SweepResult, c: ChalkInstance): string {
  const rows = result.points.map((p, i): [SweepPoint, number] => [p, i]);
  const lines = [
    c.bold(result.scenario),
    c.dim(
      `seed ${result.seed}, ${result.replications} replication${result.replications === 1 ? "" : "s"} per point, the same random numbers at every point`,
    ),
    table(sweepColumns(result, c), rows),
  ];
  if (result.knee === null) lines.push(c.dim("no service reaches utilization 1 in this range"));
  if (result.breach === null && result.points.some((p) => p.slo.length > 0))
    lines.push(c.green("every objective holds across the range"));
  return `${lines.join("\n")}\n`;
}

function saturationColumns(r: SaturationResult, c: ChalkInstance): Column<SaturationPoint>[] {
  const flows = Object.keys(r.points[0]?.p99 ?? {});
  return [
    { head: "load", cell: (p) => `${num(p.scale, 3)}x` },
    { head: "rate/s", cell: (p) => (p.rate === null ? "–" : num(p.rate)) },
    { head: "thru/s", cell: (p) => num(p.throughput) },
    { head: "success", cell: (p) => pct(p.successRate, 2) },
    ...flows.map(
      (f): Column<SaturationPoint> => ({ head: `${f} p99`, cell: (p) => dur(p.p99[f]) }),
    ),
    {
      head: "busiest (offered util)",
      align: "left",
      cell: (p) => `${p.busiest.service} ${pct(p.busiest.utilization)}`,
    },
    {
      head: "breached",
      align: "left",
      cell: (p) => (p.broken.length > 0 ? c.red(p.broken.join(", ")) : c.green("–")),
    },
  ];
}

/** The search for the knee: each load tried, the last that held and the first that broke. */
export function renderSaturation(r: SaturationResult, c: ChalkInstance): string {
  const at = (p: { scale: number; rate: number | null }) =>
    p.rate === null
      ? `${num(p.scale, 3)}x the load`
      : `${num(p.rate)} requests/s (${num(p.scale, 3)}x)`;
  const broken = (b: NonNullable<SaturationResult["breach"]>) =>
    `${b.broken.join(", ")}, broken by ${b.service}`;
  const verdict =
    r.breach === null
      ? c.green(`no objective breaks up to ${r.holds ? at(r.holds) : "the limit"}`)
      : r.holds === null
        ? c.red(`nothing holds: already ${at(r.breach)} breaks ${broken(r.breach)}`)
        : c.red(`knee: holds at ${at(r.holds)}; breaks at ${at(r.breach)}: ${broken(r.breach)}`);
  const header = `seed ${r.seed}, ${r.simulations} loads tried, ${r.replications} replication${r.replications === 1 ? "" : "s"} each, on the same seeds`;
  return `${c.bold(r.scenario)}\n${c.dim(header)}\n${table(saturationColumns(r, c), r.points)}\n${verdict}\n`;
}

/** A USL fit in words, with its formula. */
export function renderUsl(axis: string, f: UslFit): string {
  const peak =
    f.peak === null
      ? `no peak: throughput levels off towards ${Number.isFinite(f.maxThroughput) ? `${num(f.maxThroughput)}/s` : "no limit"}`
      : `peak at ${axis} = ${num(f.peak, 1)}, ${num(f.maxThroughput)}/s`;
  return `USL fit over ${axis}: X(N) = λN / (1 + σ(N-1) + κN(N-1)), λ = ${num(f.lambda, 2)}/s, σ = ${f.sigma.toPrecision(3)}, κ = ${f.kappa.toPrecision(3)}, R² = ${f.rSquared.toFixed(4)}; ${peak}\n`;
}
