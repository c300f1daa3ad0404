import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fifo } from "../../src/sim/index.js";

describe("Fifo", () => {
  it("behaves as an array queue under any mix of push, shift and drain, across growth", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer() }),
      fc.constant("shift" as const),
      fc.constant("drain" as const),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 400, size: "max" }),
        fc.integer({ min: 1, max: 9 }),
        (ops, cap) => {
          const fifo = new Fifo<number>(cap);
          const model: number[] = [];
          for (const o of ops) {
            if (o === "shift") expect(fifo.shift()).toBe(model.shift());
            else if (o === "drain") expect(fifo.drain()).toEqual(model.splice(0));
            else {
              fifo.push(o.push);
              model.push(o.push);
            }
            expect(fifo.length).toBe(model.length);
          }
        },
      ),
    );
  });

  it("wraps around its ring without losing order", () => {
    const fifo = new Fifo<number>(4);
    for (let i = 0; i < 3; i++) fifo.push(i);
    expect(fifo.shift()).toBe(0);
    expect(fifo.shift()).toBe(1);
    for (let i = 3; i < 9; i++) fifo.push(i); // wraps, then grows while wrapped
    expect(fifo.drain()).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(fifo.shift()).toBeUndefined();
  });
});
