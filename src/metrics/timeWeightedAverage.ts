/**
 * The time-average of a piecewise-constant quantity (number in system, busy workers):
 * `(1/T)·∫ x(t) dt` over the measured interval. `update(now, value)` is called whenever the
 * quantity changes; `restart(now)` discards everything before `now` (the warm-up).
 */
import { DOUBLE_ZERO } from "./doubleZero.js";

export class TimeWeightedAverage {
  // Times and areas are fractions: double fields from the first write (see DOUBLE_ZERO).
  private area = DOUBLE_ZERO;
  private since = DOUBLE_ZERO;
  private last = DOUBLE_ZERO;

  constructor(
    start = 0,
    private value = 0,
  ) {
    this.since = start;
    this.last = start;
  }

  get current(): number {
    return this.value;
  }

  update(now: number, value: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
  }

  /** Add `delta` to the current value at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.value + delta);
  }

  restart(now: number): void {
    this.area = DOUBLE_ZERO;
    this.since = now;
    this.last = now;
  }

  /** ∫ x dt from the last restart up to `now`. */
  integral(now: number): number {
    return this.area + this.value * (now - this.last);
  }

  /** The time-average up to `now`; the current value when no time has passed. */
  average(now: number): number {
    const span = now - this.since;
    return span > 0 ? this.integral(now) / span : this.value;
  }
}
