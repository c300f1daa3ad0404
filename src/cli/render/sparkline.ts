/** Unicode blocks from low to high: one character a bucket of the timeline. */
const BLOCKS = "▁▂▃▄▅▆▇█";

/** Characters a sparkline takes at most: a timeline of more windows is bucketed. */
export const SPARK_WIDTH = 24;

/**
 * A series as a line of Unicode blocks, so a spike shows without a browser: the windows cut
 * into at most `width` buckets, each drawn at its largest value (a spike in one window is not
 * averaged away), from 0 up to `top` (default: the series' largest). Values that are not
 * finite (a window without samples) draw as a space; an empty series as "".
 */
export function sparkline(
  values: readonly number[],
  width = SPARK_WIDTH,
  top: number | null = null,
): string {
  if (values.length === 0) return "";
  const buckets = Math.min(width, values.length);
  const peaks: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    const to = Math.floor(((b + 1) * values.length) / buckets);
    let peak = Number.NaN;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && !(v <= peak)) peak = v;
    }
    peaks.push(peak);
  }
  const finite = peaks.filter(Number.isFinite);
  const scale = top ?? (finite.length > 0 ? Math.max(...finite) : 0);
  return peaks
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      if (scale <= 0) return BLOCKS[0]!;
      const k = Math.round((Math.min(v, scale) / scale) * (BLOCKS.length - 1));
      return BLOCKS[Math.max(0, k)]!;
    })
    .join("");
}
