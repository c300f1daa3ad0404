import type { Report } from "../report.js";
import type { SloCheck } from "../run/slo.js";
import { esc, ms, num, pct } from "./format.js";

/** The terminal report's tables, as HTML: flows, services, faults, warnings, objectives. */

/** A cell: text, or text with a class (ok, bad) for colour. */
export type Cell = string | { text: string; class: string };

export function table(head: string[], rows: Cell[][]): string {
  const cell = (c: Cell, tag: string) =>
    typeof c === "string"
      ? `<${tag}>${esc(c)}</${tag}>`
      : `<${tag} class="${esc(c.class)}">${esc(c.text)}</${tag}>`;
  return `<table><thead><tr>${head.map((h) => cell(h, "th")).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => cell(c, "td")).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

export function flowTable(report: Report): string {
  return table(
    [
      "flow",
      "started",
      "success",
      "unfinished",
      "throughput /s",
      "mean",
      "p50",
      "p99",
      "p99.9",
      "theory mean",
      "theory p99",
    ],
    Object.entries(report.flows).map(([name, f]) => {
      const t = report.analytic.flows[name];
      return [
        name,
        num(f.started),
        pct(f.successRate, 2),
        num(f.unfinished),
        num(f.throughput),
        ms(f.latency.mean),
        ms(f.latency.p50),
        ms(f.latency.p99),
        ms(f.latency.p999),
        ms(t?.latency.mean),
        ms(t?.latency.p99),
      ];
    }),
  );
}

export function serviceTable(report: Report): string {
  const rows: Cell[][] = [];
  const stations = Object.entries(report.services).map(
    ([n, s]) => [n, s, report.analytic.services[n]] as const,
  );
  if (report.gateway)
    stations.unshift(["gateway", report.gateway, report.analytic.gateway ?? undefined]);
  for (const [name, s, a] of stations) {
    const unstable = a?.unstable === true;
    rows.push([
      name,
      String(s.instances.length),
      { text: pct(s.utilization), class: s.utilization >= 0.8 ? "bad" : "" },
      unstable ? { text: "unstable", class: "bad" } : pct(a?.utilization),
      num(s.throughput),
      ms(s.latency.mean),
      ms(s.latency.p99),
      ms(a?.W),
      num(s.failed),
      num(s.rejected),
      s.efficiency === null ? "–" : num(s.efficiency),
      a ? `${a.model}${a.exact ? "" : " (approx.)"}` : "–",
    ]);
  }
  return table(
    [
      "service",
      "instances",
      "utilization",
      "theory ρ",
      "throughput /s",
      "mean",
      "p99",
      "theory W",
      "failed",
      "rejected",
      "LB efficiency",
      "model",
    ],
    rows,
  );
}

export function faultTable(report: Report): string {
  if (report.faults.length === 0) return "";
  return table(
    ["fault", "crashes", "calls slowed", "calls failed", "requests failed"],
    report.faults.map((f) => [
      f.description,
      num(f.crashes),
      num(f.callsSlowed),
      num(f.callsFailed),
      num(f.requestsFailed),
    ]),
  );
}

export function warningList(warnings: readonly string[]): string {
  return warnings.length === 0
    ? ""
    : `<ul class="warnings">${warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`;
}

/** Objectives with their figures and verdicts; with an interval, the margin to it. */
export function sloTable(checks: readonly SloCheck[]): string {
  if (checks.length === 0) return "";
  const show = (c: SloCheck, x: number) =>
    c.metric === "successRate" || c.metric === "maxUtilization"
      ? pct(x, 2)
      : c.metric === "throughput"
        ? `${num(x)}/s`
        : ms(x);
  return table(
    ["objective", "bound", "figure", "95% interval", "margin", "verdict"],
    checks.map((c) => {
      const margin =
        c.bound === "max"
          ? (c.objective - c.actual) / c.objective
          : (c.actual - c.objective) / c.objective;
      return [
        `${c.name} ${c.metric}`,
        `${c.bound === "max" ? "≤" : "≥"} ${show(c, c.objective)}`,
        show(c, c.actual),
        c.interval ? `${show(c, c.interval.low)} – ${show(c, c.interval.high)}` : "–",
        pct(margin),
        c.ok
          ? { text: c.confident === false ? "met (not confident)" : "met", class: "ok" }
          : { text: "breached", class: "bad" },
      ];
    }),
  );
}
