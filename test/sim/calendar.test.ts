import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Calendar } from "../../src/sim/index.js";

describe("Calendar", () => {
  it("runs equal-time events in the order they were scheduled", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300, size: "max" }),
        (delays) => {
          const cal = new Calendar(4);
          const ran: [number, number][] = [];
          delays.forEach((d, i) => {
            cal.schedule(d, () => ran.push([d, i]));
          });
          cal.run();
          const expected = delays.map((d, i) => [d, i] as [number, number]);
          expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          expect(ran).toEqual(expected);
        },
      ),
    );
  });

  it("never moves the clock backwards, even when events schedule more events", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), {
          minLength: 1,
          maxLength: 200,
          size: "max",
        }),
        (delays) => {
          const cal = new Calendar(2);
          let last = 0;
          let ok = true;
          const visit = (remaining: number) => {
            if (cal.now < last) ok = false;
            last = cal.now;
            if (remaining > 0)
              cal.schedule(delays[remaining % delays.length]!, visit, remaining - 1);
          };
          delays.forEach((d) => {
            cal.schedule(d, visit, 3);
          });
          cal.run();
          return ok;
        },
      ),
    );
  });

  it("never runs a cancelled event", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), {
          minLength: 1,
          maxLength: 200,
          size: "max",
        }),
        (plan) => {
          const cal = new Calendar();
          const ran = new Set<number>();
          const handles = plan.map(([d], i) => cal.schedule(d, () => ran.add(i)));
          plan.forEach(([, cancel], i) => {
            if (cancel) cal.cancel(handles[i]!);
          });
          cal.run();
          return plan.every(([, cancel], i) => ran.has(i) === !cancel);
        },
      ),
    );
  });

  it("runs every event not cancelled, whatever was cancelled twice, late or in turn", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 100,
          size: "max",
        }),
        (plan) => {
          const cal = new Calendar();
          const ran = new Set<number>();
          const handles = plan.map(([d], i) => cal.schedule(d, () => ran.add(i)));
          // 0: kept; 1: cancelled; 2: cancelled twice; 3: cancelled after the run (harmless).
          plan.forEach(([, how], i) => {
            if (how === 1 || how === 2) cal.cancel(handles[i]!);
            if (how === 2) cal.cancel(handles[i]!);
          });
          cal.run();
          plan.forEach(([, how], i) => {
            if (how === 3) cal.cancel(handles[i]!);
          });
          // Events scheduled after all of it still run.
          const more = plan.map((_, i) => cal.schedule(1, () => ran.add(plan.length + i)));
          cal.run();
          return (
            plan.every(([, how], i) => ran.has(i) === (how === 0 || how === 3)) &&
            more.every((_, i) => ran.has(plan.length + i)) &&
            cal.pending === 0
          );
        },
      ),
    );
  });

  it("can cancel an event from inside another one", () => {
    const cal = new Calendar();
    const ran: string[] = [];
    const later = cal.schedule(2, () => ran.push("later"));
    cal.schedule(1, () => {
      ran.push("first");
      cal.cancel(later);
    });
    cal.run();
    expect(ran).toEqual(["first"]);
  });

  it("stops at `until`, sets the clock to it, and says why", () => {
    const cal = new Calendar();
    const ran: number[] = [];
    for (const t of [1, 2, 3, 4]) cal.schedule(t, () => ran.push(t));
    expect(cal.run({ until: 2.5 })).toEqual({ reason: "until", events: 2, time: 2.5 });
    expect(ran).toEqual([1, 2]);
    expect(cal.run({ maxEvents: 1 })).toEqual({ reason: "maxEvents", events: 1, time: 3 });
    expect(cal.run()).toEqual({ reason: "empty", events: 1, time: 4 });
    expect(cal.eventsExecuted).toBe(4);
  });

  it("stop() ends the run after the current event", () => {
    const cal = new Calendar();
    cal.schedule(1, () => cal.stop());
    cal.schedule(2, () => undefined);
    expect(cal.run().reason).toBe("stopped");
    expect(cal.pending).toBe(1);
  });

  it("passes the argument to the action and reports the next time", () => {
    const cal = new Calendar();
    const seen: string[] = [];
    cal.schedule(5, (s: string) => seen.push(s), "hello");
    expect(cal.peek()).toBe(5);
    cal.run();
    expect(seen).toEqual(["hello"]);
    expect(cal.peek()).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects negative, NaN and infinite delays and times in the past", () => {
    const cal = new Calendar();
    expect(() => cal.schedule(-1, () => undefined)).toThrow(/schedule: delay/);
    expect(() => cal.schedule(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => cal.schedule(Number.POSITIVE_INFINITY, () => undefined)).toThrow(RangeError);
    cal.schedule(3, () => undefined);
    cal.run();
    expect(() => cal.scheduleAt(1, () => undefined)).toThrow(/scheduleAt/);
  });

  it("keeps order through growth past its initial capacity", () => {
    const cal = new Calendar(16);
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) cal.schedule((i * 7919) % 1000, () => times.push(cal.now));
    cal.run();
    expect(times.length).toBe(5000);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });
});
