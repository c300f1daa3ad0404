import type { ChalkInstance } from "chalk";
import type { SloCheck } from "../../index.js";
import { type Column, dur, num, pct, table } from "./table.js";

/** An objective's figure in its unit. */
export function objectiveText(c: SloCheck, value: number): string {
  if (c.metric === "successRate" || c.metric === "maxUtilization") return pct(value, 2);
  if (c.metric === "throughput") return `${num(value)}/s`;
  return dur(value);
}

function sloColumns(c: ChalkInstance): Column<SloCheck>[] {
  return [
    { head: "objective", align: "left", cell: (k) => `${k.name} ${k.metric}` },
    {
      head: "target",
      cell: (k) => `${k.bound === "max" ? "<=" : ">="} ${objectiveText(k, k.objective)}`,
    },
    { head: "actual", cell: (k) => objectiveText(k, k.actual) },
    { head: "samples", cell: (k) => (k.samples === null ? "" : num(k.samples, 0)) },
    {
      head: "verdict",
      align: "left",
      cell: (k) =>
        !k.ok
          ? c.red("BREACHED")
          : k.thin
            ? c.yellow("met, but too few samples to trust")
            : k.confident === false
              ? c.yellow("met, not with 95% confidence")
              : c.green("met"),
    },
  ];
}

/** The objectives checked: each with its figure, and whether it holds. */
export function renderSlo(checks: readonly SloCheck[], c: ChalkInstance): string {
  return `${table(sloColumns(c), checks)}\n${sloVerdict(checks, c)}\n`;
}

/** One line: every objective met, or how many are breached. */
export function sloVerdict(checks: readonly SloCheck[], c: ChalkInstance): string {
  const broken = checks.filter((k) => !k.ok).length;
  return broken === 0
    ? c.green(`all ${checks.length} objectives met`)
    : c.red(`${broken} of ${checks.length} objectives breached`);
}
