import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import type { Calendar } from "../../../sim/index.js";
import type { TimelineWindow } from "../../report.js";
import type { ConsumerGroup } from "../messaging/topic.js";
import type { Station } from "../station.js";
import type { Flow } from "../walker.js";

/**
 * The timeline: the measured period cut into windows, each closing with the figures of what
 * happened in it (throughput, p99, utilization, calls in system and failures per service; throughput,
 * p99, mean and failures per flow). One close is
 * pending at a time, each scheduling the next: a hundred of them pending from the start would
 * make every push and pop of the calendar sift through a deeper heap.
 */
export class Timeline {
  readonly windows: TimelineWindow[] = [];
  private readonly count: number;

  constructor(
    private readonly stations: readonly Station[],
    private readonly flows: readonly Flow[],
    private readonly calendar: Calendar,
    private readonly from: number,
    private readonly duration: number,
    private readonly window: number,
    private readonly groups: readonly ConsumerGroup[] = [],
  ) {
    this.count = Math.ceil(duration / window - 1e-9);
  }

  start(): void {
    this.scheduleClose(1);
  }

  private scheduleClose(k: number): void {
    if (k > this.count) return;
    const at = Math.min(this.from + this.duration, this.from + k * this.window);
    this.calendar.scheduleAt(at, this.close, k);
  }

  private readonly close = (k: number): void => {
    this.scheduleClose(k + 1);
    const now = this.calendar.now;
    const span = now - (this.from + (k - 1) * this.window);
    const entry: TimelineWindow = { time: now - this.from, services: {}, flows: {} };
    for (const s of this.stations) {
      const stats = s.stats;
      const busy = s.busyIntegral(now);
      const inSystem = stats.inSystem.integral(now);
      entry.services[s.name] = {
        throughput: stats.windowCompleted / span,
        p99: stats.sojourn.windowPercentile(99),
        utilization: (busy - stats.windowBusyStart) / (span * s.servers),
        inSystem: (inSystem - stats.windowInSystemStart) / span,
        failures: stats.windowFailures,
      };
      stats.windowBusyStart = busy;
      stats.windowInSystemStart = inSystem;
      stats.windowCompleted = stats.windowFailures = 0;
      stats.sojourn.resetWindow();
    }
    for (const f of this.flows) {
      const stats = f.stats;
      const finished = stats.windowSucceeded + stats.windowFailures;
      entry.flows[f.name] = {
        throughput: stats.windowSucceeded / span,
        p99: stats.latency.windowPercentile(99),
        mean: finished > 0 ? stats.windowLatency / finished : 0,
        failures: stats.windowFailures,
      };
      stats.windowSucceeded = stats.windowFailures = 0;
      stats.windowLatency = DOUBLE_ZERO;
      stats.latency.resetWindow();
    }
    if (this.groups.length > 0) {
      const topics: NonNullable<TimelineWindow["topics"]> = {};
      for (const g of this.groups) {
        const stats = g.stats;
        const area = stats.backlog.integral(now);
        const groups = topics[g.topic.name] ?? {};
        groups[g.service] = { backlog: (area - stats.windowBacklogStart) / span };
        topics[g.topic.name] = groups;
        stats.windowBacklogStart = area;
      }
      entry.topics = topics;
    }
    this.windows.push(entry);
  };
}
