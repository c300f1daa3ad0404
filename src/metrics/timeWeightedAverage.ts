import { DOUBLE_ZERO } from "./doubleZero.js";

/**
 * The time-average of a piecewise-constant quantity (number in system, busy workers):
 * `(1/T)·∫ x(t) dt` over the measured interval. `update(now, value)` is called whenever the
 * quantity changes; `restart(now)` discards everything before `now` (the warm-up).
 *
 * @example
 * const busy = new TimeWeightedAverage(0, 0);
 * busy.update(2, 1); // 0 until t = 2, then 1
 * busy.average(4); // 0.5: one busy worker half of the time
 */
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

  /** The quantity's value now. */
  get current(): number {
    return this.value;
  }

  /** The quantity changes to `value` at time `now`. */
  update(now: number, value: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
  }

  /** Add `delta` to the current value at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.value + delta);
  }

  /** Forget everything before `now` (the end of the warm-up). */
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
