import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Breaker } from "../../../src/models/world/resilience/breaker.js";

const config = fc.record({
  failureRatio: fc.double({ min: 0.05, max: 1, noNaN: true }),
  window: fc.double({ min: 0.5, max: 60, noNaN: true }),
  minCalls: fc.integer({ min: 1, max: 50 }),
  openFor: fc.double({ min: 0.1, max: 30, noNaN: true }),
  probes: fc.integer({ min: 1, max: 5 }),
});

describe("Breaker (closed, open, half-open over a sliding window)", () => {
  it("never opens while the window holds fewer than minCalls outcomes", () => {
    fc.assert(
      fc.property(config, (c) => {
        const b = new Breaker(c);
        // minCalls - 1 failures, all inside one bucket of the window.
        for (let i = 0; i < c.minCalls - 1; i++) expect(b.record(0, true, false)).toBe(false);
        expect(b.state).toBe("closed");
      }),
    );
  });

  it("opens on the minCalls-th failure in a row, and then refuses calls for openFor", () => {
    fc.assert(
      fc.property(config, (c) => {
        const b = new Breaker(c);
        let opened = false;
        for (let i = 0; i < c.minCalls; i++) opened = b.record(0, true, false);
        expect(opened).toBe(true);
        expect(b.state).toBe("open");
        expect(b.allow(c.openFor * 0.999)).toBe(false);
      }),
    );
  });

  it("never opens on successes alone, however many", () => {
    fc.assert(
      fc.property(config, fc.integer({ min: 1, max: 500 }), (c, n) => {
        const b = new Breaker(c);
        for (let i = 0; i < n; i++) expect(b.record(i * 0.01, false, false)).toBe(false);
        expect(b.state).toBe("closed");
      }),
    );
  });

  it("after openFor lets exactly `probes` calls through, closing when all succeed", () => {
    fc.assert(
      fc.property(config, (c) => {
        const b = new Breaker(c);
        for (let i = 0; i < c.minCalls; i++) b.record(0, true, false);
        const t = c.openFor;
        let allowed = 0;
        for (let i = 0; i < c.probes + 3; i++) if (b.allow(t)) allowed++;
        expect(allowed).toBe(c.probes);
        expect(b.state).toBe("half-open");
        for (let i = 0; i < c.probes; i++) b.record(t, false, true);
        expect(b.state).toBe("closed");
        expect(b.allow(t)).toBe(true);
      }),
    );
  });

  it("opens again at the first failed probe", () => {
    fc.assert(
      fc.property(config, (c) => {
        const b = new Breaker(c);
        for (let i = 0; i < c.minCalls; i++) b.record(0, true, false);
        expect(b.allow(c.openFor)).toBe(true);
        expect(b.record(c.openFor, true, true)).toBe(true);
        expect(b.state).toBe("open");
      }),
    );
  });

  it("forgets outcomes older than its window", () => {
    fc.assert(
      fc.property(config, (c) => {
        fc.pre(c.minCalls > 1);
        const b = new Breaker(c);
        for (let i = 0; i < c.minCalls - 1; i++) b.record(0, true, false);
        // A whole window later, the old failures have expired: one more does not open it.
        expect(b.record(c.window * 2.5, true, false)).toBe(false);
        expect(b.state).toBe("closed");
      }),
    );
  });
});
