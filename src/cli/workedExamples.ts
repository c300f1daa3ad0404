import {
  availability,
  erlangC,
  jainFairness,
  littlesLaw,
  loadBalancingEfficiency,
  mm1,
  mmc,
  parallelReliability,
  seriesReliability,
} from "../index.js";

/** The worked examples of the formulas (the README's), each with its formula and inputs, as printed by `meshsim demo`. */
export function renderWorkedExamples(): string {
  const loads = [100, 110, 90];
  const reliabilities = [0.999, 0.998, 0.997, 0.996, 0.995];
  const little = littlesLaw({ lambda: 100, W: 0.5 });
  const q1 = mm1({ lambda: 0.9, mu: 1 });
  const qc = mmc({ lambda: 8, mu: 1, servers: 10 });
  const lines = [
    "meshsim worked examples",
    "",
    `Load-balancing efficiency  E = 1 - (max - min) / mean   loads [${loads.join(", ")}]`,
    `  E = ${fmt(loadBalancingEfficiency(loads))}    Jain's fairness (Σx)²/(n·Σx²) = ${fmt(jainFairness(loads))}`,
    `Little's Law  L = λ·W   λ = 100/s, W = 0.5 s`,
    `  L = ${fmt(little.L)}`,
    `Series reliability  Π Ri   [${reliabilities.join(", ")}]`,
    `  R = ${fmt(seriesReliability(reliabilities))}   parallel 1 - Π(1 - Ri) = ${fmt(parallelReliability(reliabilities))}`,
    `Availability  MTBF / (MTBF + MTTR)   MTBF 720 h, MTTR 1 h`,
    `  A = ${fmt(availability({ mtbf: 720, mttr: 1 }))}`,
    `M/M/1  λ = 0.9/s, μ = 1/s`,
    `  ρ = ${fmt(q1.utilization)}  L = ${fmt(q1.L)}  W = ${fmt(q1.W)} s  Wq = ${fmt(q1.Wq)} s`,
    `M/M/c (Erlang C)  λ = 8/s, μ = 1/s, c = 10`,
    `  P(wait) = ${fmt(erlangC(10, 8))}  W = ${fmt(qc.W)} s  L = ${fmt(qc.L)}`,
    "",
  ];
  return lines.join("\n");
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(5);
}
