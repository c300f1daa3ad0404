/**
 * The event calendar: a binary min-heap ordered by (time, insertion sequence), so events due
 * at the same instant run in the order they were scheduled and every run is deterministic.
 *
 * The heap is kept in parallel arrays (times, sequence numbers, callbacks, arguments) rather
 * than one object per event, so scheduling allocates nothing beyond what the caller passes in.
 * Cancellation is lazy: a cancelled sequence number is skipped when it reaches the top.
 */

/** An event's action: called with the argument given to `schedule`. */
export type EventAction<T = unknown> = (arg: T) => void;

/** Identifies one scheduled event; pass it to `cancel`. */
export type EventHandle = number;

/** Why `run` returned. */
export type StopReason = "until" | "maxEvents" | "empty" | "stopped";

export interface RunOptions {
  /** Stop before the first event later than this time (seconds); the clock is set to it. */
  until?: number;
  /** Stop after executing this many events in this call. */
  maxEvents?: number;
}

export interface RunResult {
  reason: StopReason;
  /** Events executed by this call. */
  events: number;
  /** The clock when the call returned. */
  time: number;
}

export class Calendar {
  private times: Float64Array;
  private seqs: Float64Array;
  private actions: (EventAction<never> | undefined)[];
  private args: unknown[];
  private size = 0;
  private nextSeq = 0;
  private readonly cancelled = new Set<number>();
  private stopRequested = false;
  private clock = 0;
  private executed = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.actions = new Array(capacity);
    this.args = new Array(capacity);
  }

  /** The current simulated time, in seconds. */
  get now(): number {
    return this.clock;
  }

  /** Events waiting to run, cancelled ones included until they are discarded. */
  get pending(): number {
    return this.size;
  }

  /** Events executed since the calendar was created. */
  get eventsExecuted(): number {
    return this.executed;
  }

  /** Schedule `action(arg)` to run `delay` seconds from now. */
  schedule<T>(delay: number, action: EventAction<T>, arg?: T): EventHandle {
    if (!(delay >= 0) || delay === Number.POSITIVE_INFINITY) {
      throw new RangeError(`schedule: delay must be a finite number >= 0, got ${delay}`);
    }
    return this.push(this.clock + delay, action as EventAction<never>, arg);
  }

  /** Schedule `action(arg)` at absolute time `time`, which must not be in the past. */
  scheduleAt<T>(time: number, action: EventAction<T>, arg?: T): EventHandle {
    if (!(time >= this.clock) || time === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `scheduleAt: time must be finite and >= now (${this.clock}), got ${time}`,
      );
    }
    return this.push(time, action as EventAction<never>, arg);
  }

  /** Void a scheduled event; it will never run. Cancelling twice, or after it ran, is harmless. */
  cancel(handle: EventHandle): void {
    if (handle >= 0 && handle < this.nextSeq) this.cancelled.add(handle);
  }

  /** Ask a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** The time of the next event that will run, or Infinity when none is pending. */
  peek(): number {
    this.discardCancelledTop();
    return this.size > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Execute events in order until `until`, `maxEvents`, an empty calendar or `stop()`. */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(until)) throw new RangeError("run: until must be a number");
    if (!(maxEvents >= 0)) throw new RangeError(`run: maxEvents must be >= 0, got ${maxEvents}`);
    this.stopRequested = false;
    let events = 0;
    let reason: StopReason = "empty";
    const cancelled = this.cancelled;
    while (true) {
      if (this.size === 0) {
        reason = "empty";
        break;
      }
      if (events >= maxEvents) {
        reason = "maxEvents";
        break;
      }
      const time = this.times[0]!;
      if (time > until) {
        reason = "until";
        break;
      }
      const seq = this.seqs[0]!;
      const action = this.actions[0]!;
      const arg = this.args[0];
      this.popTop();
      if (cancelled.size > 0 && cancelled.delete(seq)) continue;
      this.clock = time;
      events++;
      (action as EventAction<unknown>)(arg);
      if (this.stopRequested) {
        reason = "stopped";
        break;
      }
    }
    if (reason === "until" && until > this.clock) this.clock = until;
    this.executed += events;
    return { reason, events, time: this.clock };
  }

  private push(time: number, action: EventAction<never>, arg: unknown): EventHandle {
    if (this.size === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the new entry's place is found.
    let i = this.size++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    this.actions[i] = action;
    this.args[i] = arg;
    return seq;
  }

  private popTop(): void {
    const last = --this.size;
    if (last === 0) {
      this.actions[0] = undefined;
      this.args[0] = undefined;
      return;
    }
    const times = this.times;
    const seqs = this.seqs;
    const time = times[last]!;
    const seq = seqs[last]!;
    const action = this.actions[last];
    const arg = this.args[last];
    this.actions[last] = undefined;
    this.args[last] = undefined;
    // Sift down the former last entry from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! ||
          (times[right] === times[child] && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const ct = times[child]!;
      if (time < ct || (time === ct && seq < seqs[child]!)) break;
      this.move(child, i);
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    this.actions[i] = action;
    this.args[i] = arg;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.actions[to] = this.actions[from];
    this.args[to] = this.args[from];
  }

  private discardCancelledTop(): void {
    while (this.size > 0 && this.cancelled.size > 0 && this.cancelled.delete(this.seqs[0]!)) {
      this.popTop();
    }
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.actions.length = capacity;
    this.args.length = capacity;
  }
}
