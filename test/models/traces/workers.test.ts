import { describe, expect, it } from "vitest";
import { createStream, importTraces, type Span, writeOtlp } from "../../../src/index.js";
import { inferWorkers } from "../../../src/models/traces/workers.js";

/**
 * Spans of a first-come-first-served queue with `c` workers per instance, as a tracer writes
 * them: each span from arrival to answer (the wait and the work), no calls. Poisson arrivals
 * spread round-robin over the instances, exponential work of mean `mean`.
 */
function queueSpans(n: number, rate: number, mean: number, c: number, instances = 1, seed = 3) {
  const rng = createStream(seed, "workers");
  const free = Array.from({ length: instances }, () => new Array<number>(c).fill(0));
  const spans: Span[] = [];
  const own: number[] = [];
  const work: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - rng.next()) / rate;
    const k = i % instances;
    const servers = free[k]!;
    let s = 0;
    for (let j = 1; j < c; j++) if (servers[j]! < servers[s]!) s = j;
    const start = Math.max(t, servers[s]!);
    const w = -Math.log(1 - rng.next()) * mean;
    servers[s] = start + w;
    spans.push({
      trace: `${i}`,
      id: `${i}`,
      parent: null,
      service: "db",
      instance: `db-${k}`,
      name: "query",
      kind: "server",
      start: t,
      end: start + w,
      error: false,
    });
    own.push(start + w - t);
    work.push(w);
  }
  return { spans, own, work };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the workers behind a span's wait", () => {
  it.each([
    { c: 1, rate: 28, instances: 1 },
    { c: 2, rate: 60, instances: 1 },
    { c: 4, rate: 128, instances: 1 },
    { c: 3, rate: 180, instances: 2 },
  ])("recover c = $c and every request's work (ρ 0.7-0.8)", ({ c, rate, instances }) => {
    const q = queueSpans(4000, rate, 0.025, c, instances);
    const w = inferWorkers(q.spans, q.own);
    expect(w.concurrency).toBe(c);
    // With the right c the reconstruction is exact: each start of work is a departure.
    for (let i = 0; i < q.work.length; i++) expect(w.work[i]).toBeCloseTo(q.work[i]!, 9);
    expect(w.wait).toBeCloseTo(mean(q.own) - mean(q.work), 9);
    expect(w.bound).toBeGreaterThan(c);
  });

  it("see no queue where nobody waits: the most held at once, the own time untouched", () => {
    const q = queueSpans(4000, 100, 0.025, 1000);
    const w = inferWorkers(q.spans, q.own);
    expect(w.concurrency).toBe(w.bound);
    expect(w.wait).toBe(0);
    expect(w.work).toEqual(q.own);
  });

  it("keep the most held at once when the spans are too few to tell", () => {
    const q = queueSpans(20, 40, 0.025, 1);
    const w = inferWorkers(q.spans, q.own);
    expect(w.concurrency).toBe(w.bound);
    expect(w.wait).toBe(0);
  });

  it("reach the imported scenario: the workers, and the work without the wait", () => {
    const q = queueSpans(4000, 60, 0.025, 2);
    const imported = importTraces([writeOtlp(q.spans)], ["queue.json"]);
    const db = (imported.data as { services: Record<string, { concurrency: number }> }).services
      .db!;
    expect(db.concurrency).toBe(2);
    const mean = imported.yaml.match(/less a mean wait for a worker of ([\d.]+)ms/);
    expect(Number(mean?.[1]) / 1000).toBeCloseTo(
      q.own.reduce((a, b) => a + b, 0) / q.own.length -
        q.work.reduce((a, b) => a + b, 0) / q.work.length,
      4, // the file gives four significant digits
    );
    expect(imported.yaml).toMatch(/exponential fit to 4000 spans/);
  });
});
