import Table from "cli-table3";

/** One column of a table: its heading, its alignment, and how a row fills it. */
export interface Column<R> {
  head: string;
  /** Text columns are left-aligned, figures right-aligned (the default). */
  align?: "left" | "right";
  cell: (row: R) => string;
}

/**
 * A table without a rule between every row, built from column specs: one line a row, each
 * cell from its column's `cell`. `extra` rows (a total) are given as cells, one per column.
 */
export function table<R>(
  columns: readonly Column<R>[],
  rows: readonly R[],
  extra: readonly (readonly string[])[] = [],
): string {
  const t = new Table({
    head: columns.map((c) => c.head),
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    colAligns: columns.map((c) => c.align ?? "right"),
  });
  for (const row of rows) t.push(columns.map((c) => c.cell(row)));
  for (const cells of extra) t.push([...cells]);
  return t.toString();
}

/**
 * A duration in the unit that reads: `0.42 ms`, `35.2 ms`, `1.84 s`, `3.4 min`, `2.1 h`, with
 * three significant figures; "∞" where theory has no finite value.
 */
export function dur(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "∞";
  const abs = Math.abs(seconds);
  if (abs === 0) return "0 ms";
  if (abs < 1) return `${figures(seconds * 1000)} ms`;
  if (abs < 60) return `${figures(seconds)} s`;
  if (abs < 3600) return `${figures(seconds / 60)} min`;
  return `${num(seconds / 3600, 1)} h`;
}

/** Three significant figures, without a trailing exponent: 352, 35.2, 3.52, 0.352. */
function figures(x: number): string {
  const abs = Math.abs(x);
  return x.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** A share as a percentage; "–" where there is none; a share past 10,000% as a multiple. */
export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 100) return `${num(x, 0)}×`;
  return `${(x * 100).toFixed(digits)}%`;
}

/** A number with thousands separators; "–" where it is not finite. */
export function num(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "–";
  const text = x.toLocaleString("en", { maximumFractionDigits: digits });
  // -0, or a tiny negative rounding error, is no figure to show as "-0".
  return text === "-0" ? "0" : text;
}
