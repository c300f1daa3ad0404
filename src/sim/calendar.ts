/**
 * The event calendar: a binary min-heap ordered by (time, insertion sequence), so events due
 * at the same instant run in the order they were scheduled and every run is deterministic.
 *
 * The heap is kept in typed arrays (times and slot numbers) rather than one object per event,
 * so scheduling allocates nothing beyond what the caller passes in. An event's callback,
 * argument and sequence number sit in a slot that never moves: sifting moves only two numbers
 * per level, never pointers (no write barriers), and reads a sequence number only to break a
 * tie in time. A freed slot is reused. Cancellation is lazy: a cancelled sequence number is
 * skipped when it reaches the top.
 */

/** An event's action: called with the argument given to `schedule`. */
export type EventAction<T = unknown> = (arg: T) => void;

/** Identifies one scheduled event; pass it to `cancel`. */
export type EventHandle = number;

/** Why `run` returned. */
export type StopReason = "until" | "maxEvents" | "empty" | "stopped";

/**
 * When `Calendar.run` stops: at a time, after a number of events, or (neither given) when
 * the calendar is empty or `stop()` is called.
 */
export interface RunOptions {
  /** Stop before the first event later than this time (seconds); the clock is set to it. */
  until?: number;
  /** Stop after executing this many events in this call. */
  maxEvents?: number;
}

/**
 * Why `Calendar.run` returned, how many events it executed, and the clock then.
 */
export interface RunResult {
  reason: StopReason;
  /** Events executed by this call. */
  events: number;
  /** The clock when the call returned. */
  time: number;
}

/**
 * The event calendar (the design is described above): schedule actions at delays or times,
 * then run them in time order.
 * @example
 * const cal = new Calendar();
 * const log: number[] = [];
 * cal.schedule(2, () => log.push(cal.now));
 * cal.schedule(1, () => log.push(cal.now));
 * cal.run(); // { reason: "empty", events: 2, time: 2 }
 * log; // [1, 2]
 */
export class Calendar {
  // By heap position:
  private times: Float64Array;
  private slots: Int32Array;
  // By slot:
  private actions: (EventAction<never> | undefined)[];
  private args: unknown[];
  private seqs: Float64Array;
  private freeSlots: Int32Array;
  private freeCount: number;
  private size = 0;
  private nextSeq = 0;
  private readonly cancelled = new Set<number>();
  /** cancelled.size, kept as a field: the run loop reads it once an event. */
  private cancels = 0;
  private stopRequested = false;
  /** -0: a double from the first write, so the calendar never changes shape (see DOUBLE_ZERO). */
  private clock = -0;
  private executed = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
    this.actions = new Array(capacity).fill(undefined);
    this.args = new Array(capacity).fill(undefined);
    this.seqs = new Float64Array(capacity);
    this.freeSlots = Int32Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
    this.freeCount = capacity;
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
    if (handle >= 0 && handle < this.nextSeq && !this.cancelled.has(handle)) {
      this.cancelled.add(handle);
      this.cancels++;
    }
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
      const slot = this.slots[0]!;
      const seq = this.seqs[slot]!;
      const action = this.actions[slot]!;
      const arg = this.args[slot];
      this.actions[slot] = undefined;
      this.args[slot] = undefined;
      this.freeSlots[this.freeCount++] = slot;
      this.popTop();
      if (this.cancels > 0 && cancelled.delete(seq)) {
        this.cancels--;
        continue;
      }
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
    const slot = this.freeSlots[--this.freeCount]!;
    this.actions[slot] = action;
    this.args[slot] = arg;
    const seqs = this.seqs;
    seqs[slot] = seq;
    // Sift up: move parents down until the new entry's place is found. On a tie in time the
    // earlier-scheduled event (lower sequence number) stays first.
    let i = this.size++;
    const times = this.times;
    const slots = this.slots;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[slots[parent]!]! < seq)) break;
      times[i] = pt;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = time;
    slots[i] = slot;
    return seq;
  }

  /** Remove the top entry (its slot already freed by the caller). */
  private popTop(): void {
    const last = --this.size;
    if (last === 0) return;
    const times = this.times;
    const slots = this.slots;
    const seqs = this.seqs;
    const time = times[last]!;
    const slot = slots[last]!;
    // Sift down the former last entry from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! ||
          (times[right] === times[child] && seqs[slots[right]!]! < seqs[slots[child]!]!))
      ) {
        child = right;
      }
      const ct = times[child]!;
      if (time < ct || (time === ct && seqs[slot]! < seqs[slots[child]!]!)) break;
      times[i] = ct;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private discardCancelledTop(): void {
    while (this.size > 0 && this.cancels > 0 && this.cancelled.delete(this.seqs[this.slots[0]!]!)) {
      this.cancels--;
      const slot = this.slots[0]!;
      this.actions[slot] = undefined;
      this.args[slot] = undefined;
      this.freeSlots[this.freeCount++] = slot;
      this.popTop();
    }
  }

  private grow(): void {
    const old = this.times.length;
    const capacity = old * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.times = times;
    this.seqs = seqs;
    this.slots = slots;
    for (let i = old; i < capacity; i++) {
      this.actions.push(undefined);
      this.args.push(undefined);
    }
    // Every slot is in use when the heap is full: the new ones are the free ones.
    const free = new Int32Array(capacity);
    for (let i = 0; i < old; i++) free[i] = capacity - 1 - i;
    this.freeSlots = free;
    this.freeCount = old;
  }
}
