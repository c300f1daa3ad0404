import {
  availability,
  jainFairness,
  littlesLaw,
  loadBalancingEfficiency,
  mmc,
  mmcSojournQuantile,
  parallelReliability,
  seriesReliability,
} from "../index.js";

/** A formula's result as printed: the formula with its inputs, and the plain figures. */
export interface CalcResult {
  formula: string;
  result: Record<string, number>;
  lines: string[];
}

const fmt = (x: number) => String(Number(x.toPrecision(6)));

export function calcEfficiency(loads: number[]): CalcResult {
  const e = loadBalancingEfficiency(loads);
  const j = jainFairness(loads);
  const max = Math.max(...loads);
  const min = Math.min(...loads);
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  return {
    formula: "E = 1 - (max - min) / mean",
    result: { efficiency: e, jain: j },
    lines: [
      `E = 1 - (max - min) / mean = 1 - (${fmt(max)} - ${fmt(min)}) / ${fmt(mean)} = ${fmt(e)}`,
      `Jain's fairness (Σx)² / (n·Σx²) = ${fmt(j)}`,
    ],
  };
}

export function calcLittle(known: { L?: number; lambda?: number; W?: number }): CalcResult {
  const r = littlesLaw(known);
  const line =
    known.L === undefined
      ? `L = λ·W = ${fmt(r.lambda)}/s × ${fmt(r.W)} s = ${fmt(r.L)}`
      : known.lambda === undefined
        ? `λ = L / W = ${fmt(r.L)} / ${fmt(r.W)} s = ${fmt(r.lambda)}/s`
        : `W = L / λ = ${fmt(r.L)} / ${fmt(r.lambda)}/s = ${fmt(r.W)} s`;
  return { formula: "L = λ·W", result: { ...r }, lines: [line] };
}

export function calcSeries(rs: number[]): CalcResult {
  const r = seriesReliability(rs);
  return {
    formula: "R = Π Ri",
    result: { reliability: r },
    lines: [`R = Π Ri = ${rs.map(fmt).join(" × ")} = ${fmt(r)} (${fmt(r * 100)}%)`],
  };
}

export function calcParallel(rs: number[]): CalcResult {
  const r = parallelReliability(rs);
  return {
    formula: "R = 1 - Π(1 - Ri)",
    result: { reliability: r },
    lines: [`R = 1 - Π(1 - Ri) = 1 - ${rs.map((x) => `(1 - ${fmt(x)})`).join(" × ")} = ${fmt(r)}`],
  };
}

export function calcAvailability(t: { mtbf: number; mttr: number }): CalcResult {
  const a = availability(t);
  const downtime = (1 - a) * 365 * 24;
  return {
    formula: "A = MTBF / (MTBF + MTTR)",
    result: { availability: a, downtimeHoursPerYear: downtime },
    lines: [
      `A = MTBF / (MTBF + MTTR) = ${fmt(t.mtbf)} s / (${fmt(t.mtbf)} s + ${fmt(t.mttr)} s) = ${fmt(a)}`,
      `downtime ≈ ${fmt(downtime)} h per year`,
    ],
  };
}

export function calcMmc(q: { lambda: number; mean: number; servers: number }): CalcResult {
  const m = mmc({ lambda: q.lambda, mu: 1 / q.mean, servers: q.servers });
  const p99 = mmcSojournQuantile({ lambda: q.lambda, mu: 1 / q.mean, servers: q.servers }, 0.99);
  return {
    formula: "M/M/c: ρ = λ/(cμ), Wq = C(c, λ/μ) / (cμ - λ), W = Wq + 1/μ, L = λW",
    result: {
      utilization: m.utilization,
      probWait: m.probWait,
      Lq: m.Lq,
      L: m.L,
      Wq: m.Wq,
      W: m.W,
      p99,
    },
    lines: [
      `M/M/${q.servers}  λ = ${fmt(q.lambda)}/s, mean service ${fmt(q.mean)} s (μ = ${fmt(1 / q.mean)}/s)`,
      `ρ = λ/(cμ) = ${fmt(m.utilization)}`,
      `P(wait) = Erlang C(${q.servers}, ${fmt(q.lambda * q.mean)}) = ${fmt(m.probWait)}`,
      `Wq = C / (cμ - λ) = ${fmt(m.Wq)} s    W = Wq + 1/μ = ${fmt(m.W)} s    sojourn p99 = ${fmt(p99)} s`,
      `Lq = λ·Wq = ${fmt(m.Lq)}    L = λ·W = ${fmt(m.L)}`,
    ],
  };
}
