import { gammaP } from "../../sim/index.js";
import type { Span } from "./spans.js";

/** The shapes in spans: time covered by calls, call trees, overlap, the rate over time. */

/** A call found under a span: the callee's server span, and the child of the caller it went through. */
export interface Call {
  callee: Span;
  outer: Span;
}

/** A step of a call tree: a call with its nested steps, or parallel branches. */
export type Step = { service: string; calls: Step[] } | { parallel: Step[] };

/** The time within a span its calls covered: the union of their intervals, clipped to it. */
export function covered(span: Span, calls: readonly Call[]): number {
  let total = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const c of calls) {
    const start = Math.max(span.start, c.outer.start);
    const end = Math.min(span.end, c.outer.end);
    if (end <= start) continue;
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else to = Math.max(to, end);
  }
  return to > from ? total + (to - from) : total;
}

/** A span's call tree: its calls in order, those that overlap in time as parallel branches. */
export function shapeOf(
  span: Span,
  callsOf: (s: Span) => Call[],
  nameOf: (service: string) => string,
): Step {
  const calls = callsOf(span);
  const steps: Step[] = [];
  let group: Call[] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (group.length === 1) steps.push(shapeOf(group[0]!.callee, callsOf, nameOf));
    else if (group.length > 1) {
      // Branches have no order: sorted, so every request's tree reads the same.
      const branches = group.map((c) => shapeOf(c.callee, callsOf, nameOf));
      const key = (b: Step) => JSON.stringify(b);
      branches.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      steps.push({ parallel: branches });
    }
    group = [];
  };
  for (const c of calls) {
    if (c.outer.start >= groupEnd) flush();
    group.push(c);
    groupEnd = Math.max(groupEnd, c.outer.end);
  }
  flush();
  return { service: nameOf(span.service), calls: steps };
}

/** A step as a scenario file writes it: `api`, `{ api: [calls] }` or `{ parallel: [...] }`. */
export function toYamlStep(step: Step): unknown {
  if ("parallel" in step) return { parallel: step.parallel.map((b) => [toYamlStep(b)]) };
  return step.calls.length === 0 ? step.service : { [step.service]: step.calls.map(toYamlStep) };
}

/** The most spans of one instance in progress at once (instances unrecorded: the service's). */
export function maxOverlap(spans: readonly Span[]): number {
  const byInstance = new Map<string, Span[]>();
  for (const s of spans) {
    const key = s.instance ?? "";
    const list = byInstance.get(key);
    if (list) list.push(s);
    else byInstance.set(key, [s]);
  }
  let most = 1;
  for (const list of byInstance.values()) {
    const events = list.flatMap((s) => [
      [s.start, 1],
      [s.end, -1],
    ]) as [number, number][];
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    for (const [, delta] of events) {
      now += delta;
      most = Math.max(most, now);
    }
  }
  return most;
}

/**
 * The arrival rate as steps, when it varies: ten windows (fewer for few requests), a
 * chi-square test of an even rate across them; below p = 0.001, each window's own rate.
 */
export function rateProfile(
  starts: readonly number[],
  window: number,
  sampled = 1,
): { steps: { at: string; rate: string }[]; note: string } | null {
  const k = Math.min(10, Math.floor(starts.length / 50));
  if (k < 3) return null;
  const counts = new Array<number>(k).fill(0);
  for (const t of starts) counts[Math.min(k - 1, Math.floor(((t - starts[0]!) / window) * k))]!++;
  const expected = starts.length / k;
  const chi2 = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
  const p = 1 - gammaP((k - 1) / 2, chi2 / 2);
  if (p >= 0.001) return null;
  const width = window / k;
  return {
    steps: counts.map((c, i) => ({
      at: `${+(i * width).toPrecision(4)}s`,
      rate: `${+(c / width / sampled).toPrecision(4)}/s`,
    })),
    note: `requests per tenth of the traces' ${+window.toPrecision(4)} s: the rate varies (chi-square ${chi2.toFixed(1)} on ${k - 1} degrees of freedom, p = ${p.toExponential(1)})`,
  };
}
