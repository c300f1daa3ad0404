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

/** Milliseconds with sensible precision; "∞" where theory has no finite value. */
export function ms(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "∞";
  const m = seconds * 1000;
  return m >= 100 ? m.toFixed(0) : m >= 10 ? m.toFixed(1) : m.toFixed(2);
}

/** A share as a percentage; "–" where there is none. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x)
    ? "–"
    : `${(x * 100).toFixed(digits)}%`;
}

/** A number with thousands separators; "–" where it is not finite. */
export function num(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "–";
  const text = x.toLocaleString("en", { maximumFractionDigits: digits });
  // -0, or a tiny negative rounding error, is no figure to show as "-0".
  return text === "-0" ? "0" : text;
}
