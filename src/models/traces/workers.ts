import type { Span } from "./spans.js";

/**
 * How many workers a service has, and how much of its spans was waiting for one, read back from
 * the spans alone. A server span runs from a request's arrival to its answer, so it holds the wait
 * for a worker as well as the work; taking the span less its calls as the work over-states the
 * work by the wait seen at the traced load, and hides the queue that makes latency grow with load.
 *
 * The reconstruction is the queue-inference idea (Larson, "The queue inference engine", 1990) on
 * meshsim's own model of a service: a request arrives at its span's start, waits first come
 * first served for one of `c` workers, works, then makes its calls. Its worker is free again at
 * `d = start + own` (own: the span less its calls). Given `c`, each request's start of work is
 * `max(arrival, the c-th latest d among the requests that arrived before it)`, and its work is `d`
 * less that. With the right `c` the works are independent of the queue a request found; with too
 * many workers the waits left in them grow with the queue, with too few they shrink with it. The
 * estimate is the largest `c` whose works are not correlated with the number of requests in the
 * service at arrival beyond chance (two standard errors, 2/√n): the most requests one instance
 * held at once (nobody waits) unless the spans show a queue. The reconstructed waits fall as `c`
 * grows, so the search is a bisection. Below 30 spans the most held at once is kept.
 */
export interface Workers {
  /** Workers per instance. */
  concurrency: number;
  /** Each span's work, in the order of the spans given: its own time less its wait. */
  work: number[];
  /** The mean wait taken out of the own time. */
  wait: number;
  /** The correlation of work with the requests in the service at arrival, at `concurrency`. */
  correlation: number;
  /** The most requests one instance held at once (own time only): the largest `c` considered. */
  bound: number;
}

/** Spans below which the correlation cannot tell one `c` from another: the bound is kept. */
const FEW = 30;

/**
 * The workers per instance of a service and each span's work, from its server spans and their own
 * times (`own[i]` for `spans[i]`, seconds). See {@link Workers}.
 */
export function inferWorkers(spans: readonly Span[], own: readonly number[]): Workers {
  const groups = new Map<string, number[]>();
  spans.forEach((s, i) => {
    const key = s.instance ?? "";
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const orders = [...groups.values()].map((list) =>
    list.sort((i, j) => spans[i]!.start - spans[j]!.start || i - j),
  );
  // The requests in the service when each arrived (own time only), and the most at once.
  const present = new Float64Array(spans.length);
  let bound = 1;
  for (const order of orders) {
    const heap = new MinHeap();
    for (const i of order) {
      const a = spans[i]!.start;
      while (heap.size > 0 && heap.min() <= a) heap.pop();
      present[i] = heap.size;
      bound = Math.max(bound, heap.size + 1);
      heap.push(a + own[i]!);
    }
  }
  const reconstruct = (c: number): { work: number[]; correlation: number } => {
    const work = new Array<number>(spans.length);
    for (const order of orders) {
      // The c latest departures of the requests before this one; its work starts at the least.
      const latest = new MinHeap();
      for (const i of order) {
        const a = spans[i]!.start;
        const d = a + own[i]!;
        const start = latest.size === c ? Math.max(a, latest.min()) : a;
        work[i] = Math.max(0, d - start);
        latest.push(d);
        if (latest.size > c) latest.pop();
      }
    }
    return { work, correlation: correlation(work, present) };
  };
  const at = new Map<number, { work: number[]; correlation: number }>();
  const tried = (c: number) => {
    let r = at.get(c);
    if (r === undefined) {
      r = reconstruct(c);
      at.set(c, r);
    }
    return r;
  };
  // The largest c whose works do not grow with the queue beyond chance (two standard errors of a
  // correlation of independent figures): bound itself when nobody is seen waiting.
  const chance = 2 / Math.sqrt(spans.length);
  let c = bound;
  if (spans.length >= FEW && bound > 1 && tried(bound).correlation > chance) {
    let lo = 1;
    let hi = bound - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tried(mid).correlation <= chance) lo = mid;
      else hi = mid - 1;
    }
    c = lo;
  }
  const { work, correlation: r } = tried(c);
  let wait = 0;
  for (let i = 0; i < work.length; i++) wait += own[i]! - work[i]!;
  return {
    concurrency: c,
    work,
    wait: work.length > 0 ? wait / work.length : 0,
    correlation: r,
    bound,
  };
}

/** Pearson's correlation; 0 when either side does not vary. */
function correlation(x: readonly number[], y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  min(): number {
    return this.items[0]!;
  }
  push(x: number): void {
    const h = this.items;
    let i = h.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= x) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = x;
  }
  pop(): number {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const m = r < h.length && h[r]! < h[l]! ? r : l;
        if (h[m]! >= last) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

/**
 * A service's workers for the scenario, and where they came from: read from the queue in the
 * spans (`inferWorkers`); where they show none, the most spans one instance held open at once,
 * calls included (`open`: a bound that never bound on the traced load); from a sample (a
 * share `sampled` < 1 of the requests, which does not show the queue), that most held open
 * divided by the share, the waits left in the own times.
 */
export function serviceWorkers(
  spans: readonly Span[],
  own: readonly number[],
  sampled: number,
  open: number,
): Workers & { note: string } {
  if (sampled < 1)
    return {
      concurrency: Math.ceil(open / sampled),
      work: [...own],
      wait: 0,
      correlation: 0,
      bound: Math.ceil(open / sampled),
      note: `the most spans one instance held open at once, divided by the sample (${+(sampled * 100).toPrecision(3)}% of the requests): a sample does not show the queue, so waits stay in the own time`,
    };
  const w = inferWorkers(spans, own);
  if (w.concurrency < w.bound)
    return {
      ...w,
      note: `workers that explain the spans' waits first come first served (work independent of the queue found: correlation ${w.correlation.toFixed(3)}); one instance held up to ${w.bound} at once`,
    };
  return {
    ...w,
    concurrency: Math.max(w.bound, open),
    note: "no queue in the spans (work independent of the requests found at arrival): the most spans one instance held open at once",
  };
}
