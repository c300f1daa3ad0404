import type { ChalkInstance } from "chalk";
import type { ConsumerGroupReport, Report } from "../../index.js";
import { type Column, dur, num, pct, table } from "./table.js";

/** The tables of the optional parts: topics, caches, hash shards, pools, the network. */

/** Topics: each consumer group's throughput, backlog and message age, theory beside. */
export function messaging(report: Report, c: ChalkInstance): string[] {
  type Row = { topic: string; group: string; g: ConsumerGroupReport; rate: number };
  const rows: Row[] = Object.entries(report.topics ?? {}).flatMap(([topic, t]) =>
    Object.entries(t.groups).map(([group, g]) => ({ topic, group, g, rate: t.publishRate })),
  );
  if (rows.length === 0) return [];
  const theory = (r: Row) => report.analytic.topics?.[r.topic]?.groups[r.group];
  const columns: Column<Row>[] = [
    { head: "topic → group", align: "left", cell: (r) => `${r.topic} → ${r.group}` },
    { head: "slots", cell: (r) => num(r.g.slots, 0) },
    { head: "published/s", cell: (r) => num(r.rate) },
    { head: "consumed/s", cell: (r) => num(r.g.consumeRate) },
    {
      head: "backlog (theory)",
      cell: (r) =>
        `${num(r.g.backlog, 2)} (${theory(r)?.backlog == null ? "–" : num(theory(r)!.backlog!, 2)})`,
    },
    { head: "lag", cell: (r) => (r.g.lag > 0 ? c.yellow(num(r.g.lag, 0)) : "0") },
    { head: "age p50", cell: (r) => dur(r.g.age.p50) },
    { head: "age p99", cell: (r) => dur(r.g.age.p99) },
    {
      head: "age mean (theory)",
      cell: (r) => `${dur(r.g.age.mean)} (${theory(r)?.age == null ? "–" : dur(theory(r)!.age!)})`,
    },
    {
      head: "dropped",
      cell: (r) => {
        const n = r.g.expired + r.g.overflowed;
        return n > 0 ? c.red(num(n, 0)) : "0";
      },
    },
  ];
  const out = [table(columns, rows), ""];
  const async = Object.entries(report.flows).filter(([, f]) => f.asyncCompletion);
  for (const [name, f] of async) {
    const a = f.asyncCompletion!;
    out.push(
      `${name}: async completion (until every message it published is consumed) p50 ${dur(a.p50)}, p99 ${dur(a.p99)}, mean ${dur(a.mean)}; the user waits p99 ${dur(f.latency.p99)}`,
    );
  }
  if (async.length > 0) out.push("");
  return out;
}

/** Caches, hash shards, pools and the network, where the scenario has them. */
export function dataTier(report: Report, c: ChalkInstance): string[] {
  const out: string[] = [];
  const caches = Object.entries(report.caches ?? {});
  if (caches.length > 0) {
    const columns: Column<[string, NonNullable<Report["caches"]>[string]]>[] = [
      { head: "cache", align: "left", cell: ([name, k]) => `${name} (by ${k.server})` },
      { head: "lookups", cell: ([, k]) => num(k.lookups, 0) },
      {
        head: "hit ratio (theory)",
        cell: ([name, k]) => {
          const a = report.analytic.caches?.[name];
          return `${pct(k.hitRatio, 1)} (${a ? pct(a.hitRatio, 1) : "–"})`;
        },
      },
      { head: "load removed/s", cell: ([, k]) => num(k.hitsPerSecond) },
      {
        head: "model",
        align: "left",
        cell: ([name]) => report.analytic.caches?.[name]?.model ?? "–",
      },
    ];
    out.push(table(columns, caches), "");
  }
  const shards = Object.entries(report.analytic.services).filter(([, a]) => a.hottest);
  for (const [name, a] of shards) {
    const s = report.services[name]!;
    const hot = s.instances.reduce((m, i) => (i.utilization > m.utilization ? i : m));
    out.push(
      `${name}: hash shards, E = ${num(s.efficiency ?? Number.NaN, 3)}; hottest ${hot.id} at ${pct(hot.utilization, 1)} busy (theory: instance ${a.hottest!.instance} at ${pct(a.hottest!.utilization, 1)}, mean ${pct(a.utilization, 1)})`,
      "",
    );
  }
  const pools = Object.entries(report.pools ?? {});
  if (pools.length > 0) {
    const columns: Column<[string, NonNullable<Report["pools"]>[string]]>[] = [
      { head: "pool", align: "left", cell: ([key, p]) => `${key} (${p.size} per ${p.per})` },
      { head: "acquired", cell: ([, p]) => num(p.acquired, 0) },
      { head: "in use", cell: ([, p]) => pct(p.utilization, 1) },
      { head: "waited", cell: ([, p]) => pct(p.waitedShare, 1) },
      {
        head: "wait per call (theory)",
        cell: ([key, p]) => {
          const a = report.analytic.pools?.[key];
          return `${dur(p.waitedShare * p.meanWait)} (${a ? dur(a.wait) : "–"})`;
        },
      },
      {
        head: "exhausted",
        cell: ([, p]) => (p.exhausted > 0 ? c.red(num(p.exhausted, 0)) : "0"),
      },
    ];
    out.push(table(columns, pools), "");
  }
  const network = Object.entries(report.network ?? {});
  if (network.length > 0) {
    const columns: Column<[string, NonNullable<Report["network"]>[string]]>[] = [
      { head: "network", align: "left", cell: ([key]) => key },
      { head: "calls", cell: ([, n]) => num(n.calls, 0) },
      { head: "per call", cell: ([, n]) => dur(n.perCall) },
      { head: "cross-zone hops", cell: ([, n]) => pct(n.crossZoneShare, 1) },
    ];
    out.push(table(columns, network), "");
  }
  return out;
}
