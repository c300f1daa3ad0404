import type { Report } from "../report.js";
import type { Scenario } from "../scenario/types.js";
import type { WorldResult } from "../world/world.js";
import { buildReport, replicationSeed, simulateReplication } from "./simulate.js";
import {
  type SweepAxis,
  type SweepPoint,
  type SweepResult,
  summarize as summarizeSweep,
} from "./sweep.js";

/**
 * A slice of a replication set or a sweep, as `--shard I/N` writes it: the raw results of its
 * share, which `meshsim merge` combines into the report (or sweep) an unsharded run gives.
 */
export type Shard =
  | {
      meshsim: "shard";
      version: 1;
      kind: "run";
      shard: { index: number; count: number };
      scenario: Scenario;
      seed: number;
      replications: number;
      wallSeconds: number;
      results: { index: number; result: WorldResult }[];
    }
  | {
      meshsim: "shard";
      version: 1;
      kind: "sweep";
      shard: { index: number; count: number };
      scenario: string;
      seed: number;
      replications: number;
      axes: SweepAxis[];
      total: number;
      points: SweepPoint[];
    };

/** A shard that cannot be read or merged: bad input, reported without a stack trace. */
export class ShardError extends Error {}

/**
 * `I/N` to { index, count }, 1 <= I <= N.
 *
 * @example
 * parseShard("2/4"); // { index: 2, count: 4 }
 */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new ShardError(`--shard: expected I/N with 1 <= I <= N, such as 2/8, got "${text}"`);
  }
  return { index, count };
}

/**
 * The contiguous slice of 0..total-1 that shard `index` of `count` runs.
 *
 * @example
 * sliceOf(10, { index: 2, count: 4 }); // [2, 3, 4]
 */
export function sliceOf(total: number, shard: { index: number; count: number }): number[] {
  const from = Math.floor((total * (shard.index - 1)) / shard.count);
  const to = Math.floor((total * shard.index) / shard.count);
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/**
 * Run this shard's share of a scenario's replications.
 *
 * @example
 * const shard = runShard(scenario, 42, 8, { index: 1, count: 2 }); // replications 0..3
 */
export function runShard(
  scenario: Scenario,
  seed: number,
  replications: number,
  shard: { index: number; count: number },
): Shard {
  const started = performance.now();
  const results = sliceOf(replications, shard).map((index) => ({
    index,
    result: simulateReplication(scenario, replicationSeed(seed, index, replications)),
  }));
  return {
    meshsim: "shard",
    version: 1,
    kind: "run",
    shard,
    scenario,
    seed,
    replications,
    wallSeconds: (performance.now() - started) / 1000,
    results,
  };
}

/**
 * A sweep's share as a shard.
 *
 * @example
 * const shard = sweepShard(sweep(data, axes, { points: sliceOf(n, s) }), n, s);
 */
export function sweepShard(
  result: SweepResult,
  total: number,
  shard: { index: number; count: number },
): Shard {
  return {
    meshsim: "shard",
    version: 1,
    kind: "sweep",
    shard,
    scenario: result.scenario,
    seed: result.seed,
    replications: result.replications,
    axes: result.axes,
    total,
    points: result.points,
  };
}

/**
 * Shards back into one report (run) or sweep result, identical to the unsharded run's but for
 * wall-clock figures. Every shard must come from the same run, and together cover it once.
 * @throws {ShardError} naming what does not fit
 *
 * @example
 * const merged = mergeShards(files.map((f) => ({ file: f, shard: JSON.parse(read(f)) })));
 * if (merged.kind === "run") merged.report.flows.checkout.latency.p99;
 */
export function mergeShards(
  shards: readonly { file: string; shard: unknown }[],
): { kind: "run"; report: Report; scenario: Scenario } | { kind: "sweep"; result: SweepResult } {
  const fail = (message: string): never => {
    throw new ShardError(`merge: ${message}`);
  };
  if (shards.length === 0) fail("give the shard files to merge");
  const list = shards.map(({ file, shard }) => {
    const s = shard as Shard;
    if (s?.meshsim !== "shard" || s.version !== 1)
      fail(`${file} is not a meshsim shard (written by --shard I/N)`);
    return { file, s };
  });
  const first = list[0]!.s;
  const key = (s: Shard) =>
    JSON.stringify([
      s.kind,
      s.shard.count,
      s.seed,
      s.replications,
      s.kind === "run" ? s.scenario : [s.scenario, s.axes],
    ]);
  for (const { file, s } of list) {
    if (key(s) !== key(first)) fail(`${file} comes from another run than ${list[0]!.file}`);
  }
  const seen = new Set(list.map(({ s }) => s.shard.index));
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter(
    (i) => !seen.has(i),
  );
  if (missing.length > 0)
    fail(
      `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${first.shard.count}`).join(", ")}`,
    );
  if (seen.size !== list.length) fail("a shard is given twice");
  // A shard's header can be whole while its results are not (cut short, edited by hand):
  // whatever breaks while assembling them is reported as the shard's damage, not as a bug.
  const damaged = (error: unknown): never =>
    fail(
      `the shards' results are damaged or not meshsim's (${(error as Error).message}); write them again with --shard I/N`,
    );
  if (first.kind === "run") {
    const results: WorldResult[] = new Array(first.replications);
    let wall = 0;
    for (const { file, s } of list) {
      if (s.kind !== "run") continue;
      if (!Array.isArray(s.results)) fail(`${file} holds no results`);
      wall += Number(s.wallSeconds) || 0;
      for (const r of s.results) {
        const index = (r as { index?: unknown })?.index;
        if (
          !Number.isInteger(index) ||
          (index as number) < 0 ||
          (index as number) >= first.replications
        )
          fail(`${file} holds a result for no replication of this run (index ${String(index)})`);
        results[index as number] = r.result;
      }
    }
    const absent = [...results.keys()].filter((i) => !isObject(results[i]));
    if (absent.length > 0)
      fail(
        `no result for replication${absent.length > 1 ? "s" : ""} ${absent.map((i) => i + 1).join(", ")}`,
      );
    try {
      const report = buildReport(first.scenario, first.seed, results, wall);
      return { kind: "run", scenario: first.scenario, report };
    } catch (error) {
      return damaged(error);
    }
  }
  const points = list
    .flatMap(({ file, s }) => {
      if (s.kind !== "sweep") return [];
      if (!Array.isArray(s.points)) fail(`${file} holds no points`);
      return s.points;
    })
    .sort((a, b) => a.index - b.index);
  try {
    return {
      kind: "sweep",
      result: summarizeSweep(first.scenario, first.seed, first.replications, first.axes, points),
    };
  } catch (error) {
    return damaged(error);
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object";
}
