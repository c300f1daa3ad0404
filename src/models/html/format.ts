/** Escaping and number formats shared by the HTML pages. */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside HTML or SVG, as content or as a quoted attribute. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** JSON safe inside a `<script>` element: no `</script>`, no `<!--`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));
}

/** Seconds as milliseconds with 3 significant figures: `12.3 ms`; "–" for none. */
export function ms(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  return `${sig(seconds * 1000)} ms`;
}

/** A share as a percentage: `97.5%`; "–" for none. */
export function pct(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "–";
  return `${(share * 100).toFixed(digits)}%`;
}

/** A number with 3 significant figures (no exponent below 1e6); "–" for none. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return sig(x);
}

function sig(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString("en-US");
  return String(Number(x.toPrecision(3)));
}

/** A figure's colour by utilization: calm, busy, hot, saturated. */
export function utilizationColor(u: number): string {
  if (!Number.isFinite(u)) return "#d0d7de";
  if (u >= 0.95) return "#cf222e";
  if (u >= 0.8) return "#fb8f44";
  if (u >= 0.5) return "#eac54f";
  return "#4ac26b";
}
