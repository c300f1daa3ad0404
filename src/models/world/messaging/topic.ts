import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import { LatencyHistogram, TimeWeightedAverage } from "../../../metrics/index.js";
import { type Calendar, createDistribution, Fifo, type RandomStream } from "../../../sim/index.js";
import type { TopicConfig } from "../../scenario/types.js";
import type { Cause, Continuation } from "../cause.js";
import type { Instance } from "../instance.js";
import type { Resettable } from "../stats.js";
import type { CallStep, Request } from "../walker.js";

/** How many messages a consumer group may hold waiting before it drops new ones. */
export const MAX_BACKLOG = 1_000_000;

/** What runs a consumer's call for a message (the walker, injected by the world). */
export interface ConsumerCalls {
  runConsumer(step: CallStep, request: Request, parent: Continuation, pinned: Instance): void;
}

/** Told when a request's published messages are all consumed (or dropped). */
export interface AsyncTracker {
  published(request: Request, count: number): void;
  consumed(request: Request): void;
}

/** A topic's publishes. */
export class TopicStats implements Resettable {
  published = 0;
  reset(): void {
    this.published = 0;
  }
}

/** A consumer group's figures: consumed, dropped, backlog over time, message ages. */
export class GroupStats implements Resettable {
  consumed = 0;
  failed = 0;
  /** Dropped past the topic's retention, or beyond MAX_BACKLOG. */
  expired = 0;
  overflowed = 0;
  /** Messages waiting (not yet taken by a consumer): state, kept over a reset. */
  backlogNow = 0;
  readonly backlog = new TimeWeightedAverage();
  /** Publish (acknowledged) to the end of its consumer's call tree. */
  readonly age = new LatencyHistogram();
  windowBacklogStart = DOUBLE_ZERO;
  reset(now: number): void {
    this.consumed = this.failed = this.expired = this.overflowed = 0;
    this.backlog.restart(now);
    this.age.reset();
    this.windowBacklogStart = DOUBLE_ZERO;
  }
}

/** One message for one group, from its acknowledgement to its consumer's answer. */
class Message implements Continuation {
  slot!: Slot;
  constructor(
    readonly group: ConsumerGroup,
    readonly request: Request,
    readonly at: number,
  ) {}
  resume(cause: Cause | null): void {
    this.group.done(this, cause);
  }
}

/** A partition held by a consumer instance: one message at a time. */
interface Slot {
  readonly instance: Instance;
  /** The assignment it belongs to (a rebalance makes a new one). */
  readonly generation: number;
}

/**
 * A consumer group (competing consumers): the topic's messages wait in one FIFO backlog;
 * each partition is a slot held by one consumer instance (partition p by instance p mod n),
 * and an instance works on at most `concurrency` of its partitions at once, so the group
 * serves min(partitions, instances × concurrency) messages at a time. When an autoscaler
 * changes the instances the partitions are assigned again (a rebalance): messages under way
 * finish where they are, each handing its place to a slot of the new assignment. Ordering
 * within a partition is not modelled.
 */
export class ConsumerGroup {
  readonly stats = new GroupStats();
  private readonly waiting = new Fifo<Message>();
  private free: Slot[] = [];
  /** New slots held back for messages of an earlier assignment still under way. */
  private reserved: Slot[] = [];
  private generation = 0;
  /** Messages being consumed now. */
  private running = 0;
  slots = 0;

  constructor(
    readonly topic: Topic,
    readonly service: string,
    readonly step: CallStep,
    private readonly runner: ConsumerCalls,
    private readonly calendar: Calendar,
  ) {
    this.free = this.assign(step.station.view);
    this.slots = this.free.length;
  }

  /** Partition p to instance p mod n, at most `concurrency` per instance. */
  private assign(instances: readonly Instance[]): Slot[] {
    const slots: Slot[] = [];
    if (instances.length === 0) return slots;
    const held = new Map<Instance, number>();
    for (let p = 0; p < this.topic.config.partitions; p++) {
      const instance = instances[p % instances.length]!;
      const count = held.get(instance) ?? 0;
      if (count < instance.concurrency) slots.push({ instance, generation: this.generation });
      held.set(instance, count + 1);
    }
    return slots;
  }

  /** The consumer instances changed: assign the partitions again. */
  rebalance(instances: readonly Instance[]): void {
    this.generation++;
    const slots = this.assign(instances);
    this.slots = slots.length;
    const held = Math.min(this.running, slots.length);
    this.reserved = slots.splice(slots.length - held, held);
    this.free = [];
    for (const slot of slots) this.next(slot, this.calendar.now);
  }

  enqueue(request: Request): void {
    const now = this.calendar.now;
    const message = new Message(this, request, now);
    const stats = this.stats;
    if (this.free.length > 0) {
      this.start(message, this.free.pop()!);
      return;
    }
    if (this.waiting.length >= MAX_BACKLOG) {
      stats.overflowed++;
      this.topic.tracker?.consumed(request);
      return;
    }
    this.waiting.push(message);
    stats.backlog.update(now, ++stats.backlogNow);
  }

  private start(message: Message, slot: Slot): void {
    this.running++;
    message.slot = slot;
    this.runner.runConsumer(this.step, message.request, message, slot.instance);
  }

  done(message: Message, cause: Cause | null): void {
    const stats = this.stats;
    const now = this.calendar.now;
    this.running--;
    if (cause === null) stats.consumed++;
    else stats.failed++;
    stats.age.record(now - message.at);
    this.topic.tracker?.consumed(message.request);
    let slot: Slot | undefined = message.slot;
    // A message of an earlier assignment hands its place to a held-back slot, if any is left.
    if (slot.generation !== this.generation) slot = this.reserved.pop();
    if (slot !== undefined) this.next(slot, now);
  }

  /** A slot is free: it takes the next message still within retention, or waits. */
  private next(slot: Slot, now: number): void {
    const stats = this.stats;
    const retention = this.topic.config.retention;
    while (this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      stats.backlog.update(now, --stats.backlogNow);
      if (retention !== null && now - next.at > retention) {
        stats.expired++;
        this.topic.tracker?.consumed(next.request);
        continue;
      }
      this.start(next, slot);
      return;
    }
    this.free.push(slot);
  }
}

/**
 * A topic: a publish waits for the broker's acknowledgement (a delay drawn from its own
 * stream), then every consumer group gets the message.
 */
export class Topic {
  readonly stats = new TopicStats();
  readonly groups: ConsumerGroup[] = [];
  tracker: AsyncTracker | null = null;
  private readonly ack;

  constructor(
    readonly name: string,
    readonly config: TopicConfig,
    private readonly rng: RandomStream,
    private readonly calendar: Calendar,
  ) {
    this.ack = createDistribution(config.ack);
  }

  publish(request: Request, parent: Continuation): void {
    this.calendar.schedule(
      this.ack.sample(this.rng),
      this.acknowledged,
      new Publish(request, parent),
    );
  }

  private readonly acknowledged = (p: Publish): void => {
    this.stats.published++;
    this.tracker?.published(p.request, this.groups.length);
    for (const g of this.groups) g.enqueue(p.request);
    p.parent.resume(null);
  };
}

class Publish {
  constructor(
    readonly request: Request,
    readonly parent: Continuation,
  ) {}
}
