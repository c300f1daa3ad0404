import { DOUBLE_ZERO } from "../../../metrics/doubleZero.js";
import type { LatencyHistogram } from "../../../metrics/index.js";
import type { Calendar } from "../../../sim/index.js";
import type { BreachReport, TimelineWindow } from "../../report.js";
import type { Slo } from "../../scenario/types.js";
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
  /** Seconds each objective was breached, window by window; null: no objectives. */
  readonly breaches: BreachReport | null;
  private readonly count: number;
  /**
   * Each station's busy and in-system integrals when its current window began (at 2i and
   * 2i + 1): the timeline's own, so a station it does not hold carries none. They start at 0
   * with the measured period, where every integral starts again.
   */
  private readonly windowStarts: Float64Array;

  constructor(
    private readonly stations: readonly Station[],
    private readonly flows: readonly Flow[],
    private readonly calendar: Calendar,
    private readonly from: number,
    private readonly duration: number,
    private readonly window: number,
    private readonly groups: readonly ConsumerGroup[] = [],
    private readonly slo: Slo | null = null,
  ) {
    this.count = Math.ceil(duration / window - 1e-9);
    this.windowStarts = new Float64Array(2 * stations.length);
    const any =
      slo !== null && Object.keys(slo.flows).length + Object.keys(slo.services).length > 0;
    this.breaches = any ? emptyBreaches(slo!) : null;
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
    const starts = this.windowStarts;
    for (let i = 0; i < this.stations.length; i++) {
      const s = this.stations[i]!;
      const stats = s.stats;
      const busy = s.busyIntegral(now);
      const inSystem = stats.inSystem.integral(now);
      const scaler = s.autoscaler;
      let capacity = span * s.servers;
      let instances: number | null = null;
      if (scaler !== null) {
        const serving = scaler.stats.serving.integral(now);
        instances = (serving - scaler.stats.windowServingStart) / span;
        capacity = (serving - scaler.stats.windowServingStart) * s.instances[0]!.concurrency;
        scaler.stats.windowServingStart = serving;
      }
      const figures: TimelineWindow["services"][string] = {
        throughput: stats.windowCompleted / span,
        p99: stats.sojourn.windowPercentile(99),
        utilization: (busy - starts[2 * i]!) / capacity,
        inSystem: (inSystem - starts[2 * i + 1]!) / span,
        failures: stats.windowFailures,
      };
      if (instances !== null) figures.instances = instances;
      entry.services[s.name] = figures;
      if (this.breaches !== null) this.serviceBreaches(s, figures.utilization, span);
      starts[2 * i] = busy;
      starts[2 * i + 1] = inSystem;
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
      if (this.breaches !== null) this.flowBreaches(f, span);
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

  /** A service's objectives against this window's figures (before its window resets). */
  private serviceBreaches(s: Station, utilization: number, span: number): void {
    const objectives = this.slo!.services[s.name];
    if (objectives === undefined) return;
    const breached = this.breaches!.services[s.name]!;
    for (const [metric, objective] of Object.entries(objectives)) {
      if (objective === undefined || !(metric in breached)) continue;
      const figure =
        metric === "maxUtilization"
          ? utilization
          : windowLatency(s.stats.sojourn, metric, Number.NaN);
      if (figure > objective) breached[metric]! += span;
    }
  }

  /** A flow's objectives against this window's figures (before its window resets). */
  private flowBreaches(f: Flow, span: number): void {
    const objectives = this.slo!.flows[f.name];
    if (objectives === undefined) return;
    const stats = f.stats;
    const breached = this.breaches!.flows[f.name]!;
    const finished = stats.windowSucceeded + stats.windowFailures;
    for (const [metric, objective] of Object.entries(objectives)) {
      if (objective === undefined) continue;
      let bad: boolean;
      if (metric === "successRate")
        bad = finished > 0 && stats.windowSucceeded / finished < objective;
      else if (metric === "throughput") bad = stats.windowSucceeded / span < objective;
      else {
        const mean = finished > 0 ? stats.windowLatency / finished : Number.NaN;
        bad = windowLatency(stats.latency, metric, mean) > objective;
      }
      if (bad) breached[metric]! += span;
    }
  }
}

const PERCENTILE_OF: Record<string, number> = { p50: 50, p90: 90, p95: 95, p99: 99, p999: 99.9 };

/** A latency objective's figure over the window: a percentile, or the mean (NaN: no samples). */
function windowLatency(h: LatencyHistogram, metric: string, mean: number): number {
  return metric === "mean" ? mean : h.windowPercentile(PERCENTILE_OF[metric]!);
}

function emptyBreaches(slo: Slo): BreachReport {
  // A service's window keeps no latency sum: its mean objective is not followed over time.
  const zeros = (objectives: object, skip: string | null) =>
    Object.fromEntries(
      Object.entries(objectives as Record<string, number | undefined>)
        .filter(([k, v]) => v !== undefined && k !== skip)
        .map(([k]) => [k, 0]),
    );
  return {
    flows: Object.fromEntries(Object.entries(slo.flows).map(([n, o]) => [n, zeros(o, null)])),
    services: Object.fromEntries(
      Object.entries(slo.services).map(([n, o]) => [n, zeros(o, "mean")]),
    ),
  };
}
