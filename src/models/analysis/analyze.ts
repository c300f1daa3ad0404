import { createDistribution } from "../../sim/index.js";
import type { AnalyticFlow, AnalyticReport, AnalyticService } from "../report.js";
import { compileConsumers, compileFlows, GATEWAY, type TreeCall } from "../scenario/callTree.js";
import type { Scenario } from "../scenario/types.js";
import { analyzeAutoscaled } from "./autoscale.js";
import { type CachedCall, cacheModels } from "./caches.js";
import {
  bindTree,
  type CallNode,
  EdgeLoads,
  sequencePass,
  sequenceSuccess,
  sequenceTime,
} from "./calls.js";
import { applyClosed, type ClosedNetwork, closedNetwork } from "./closed.js";
import { hasParallel, sequenceExact, sequenceP99 } from "./leaves.js";
import { linkModels } from "./links.js";
import { type GroupModel, groupFigures, groupSlots, topicModels } from "./messaging.js";
import { type Network, solve } from "./solve.js";
import { stationModel } from "./stations.js";

/**
 * The analytic prediction of a scenario, without simulation. Offered load per station comes
 * from the workload, the mix and the call tree (a call is reached only if the calls before it
 * succeeded). Each instance is modelled as an M/M/c queue (exponential service), M/G/c
 * (Allen-Cunneen) otherwise, or M/M/c/K with a finite queue, with arrivals split evenly over
 * instances. Flow success is the series reliability of its calls; flow latency sums the
 * stations' sojourn times along the tree.
 *
 * @example
 * const theory = analyze(parseScenario(text));
 * theory.services.payment.utilization; // offered ρ = λ·S / c
 * theory.unstable; // services at ρ >= 1
 */
export function analyze(scenario: Scenario): AnalyticReport {
  const scaled = Object.values(scenario.services).some((s) => s.autoscale !== undefined);
  return scaled ? analyzeAutoscaled(scenario, analyzeFixed) : analyzeFixed(scenario);
}

/** The analysis of a scenario whose instance counts are fixed (as they stand). */
function analyzeFixed(scenario: Scenario): AnalyticReport {
  const notes = new Set<string>();
  const services = new Map(
    Object.entries(scenario.services).map(([name, c]) => [name, stationModel(name, c)]),
  );
  const gateway = scenario.gateway ? stationModel(GATEWAY, scenario.gateway) : null;
  const stations = gateway ? [...services.values(), gateway] : [...services.values()];
  const links = linkModels(scenario);
  const caches = cacheModels(scenario, services);
  const cachedCall = (step: TreeCall): CachedCall | null => {
    const cache = step.role === "service" ? caches.get(step.name) : undefined;
    if (cache === undefined) return null;
    const lookup = { ...step, name: cache.server.name, link: null, policy: null, calls: [] };
    return { cache, lookup: links.of(lookup) };
  };
  const topics = topicModels(scenario);
  const edges = new EdgeLoads();
  const flows = compileFlows(scenario).map((f) => ({
    name: f.name,
    share: f.share,
    root: bindTree(f.steps, services, gateway, links.of, cachedCall, topics, edges),
  }));
  for (const c of compileConsumers(scenario)) {
    const topic = topics.get(c.topic)!;
    const [node] = bindTree([c.step], services, gateway, links.of, cachedCall, topics, edges) as [
      CallNode,
    ];
    // A consumer's messages come from its topic, not from a caller.
    node.edge = edges.of(`${c.topic}->${c.service}`);
    topic.groups.push({
      service: c.service,
      node,
      slots: groupSlots(topic.config.partitions, node.station),
      figures: groupFigures(0, { service: c.service, node, slots: 1 } as GroupModel, 0),
    });
  }
  if (topics.size > 0) {
    notes.add(
      "topics: a publish adds the broker's mean acknowledgement; each consumer group is an M/M/c of c = min(partitions, instances × concurrency) (M/G/c by Allen-Cunneen when its consumer makes calls or its service is not exponential), the backlog λ·Wq by Little's Law and the message age Wq + hold",
    );
  }
  if (caches.size > 0) {
    notes.add(
      "caches: every call looks up the cache's server, and only misses (and failed lookups) reach the service and its calls; the hit ratio as given, by Che's approximation for LRU key models, or by the TTL renewal formula",
    );
  }
  const pools = [...links.pools.values()];
  if (scenario.network !== null) {
    notes.add(
      "network: each call adds twice the mean one-way latency, and twice the cross-zone mean times the chance a hop crosses zones (instances spread evenly over zones; exact where the callee's balancer is random)",
    );
  }
  if (pools.length > 0) {
    notes.add(
      "connection pools: each an M/M/c of c = size per caller instance (or service), held for the call's expected time; the wait E[min(Wq, wait)] and the share exhausted P(Wq > wait) (exact only for exponential holds, and overstated when many give up)",
    );
  }
  const admission = admissionOf(scenario, notes);
  const network: Network = { stations, pools, caches: [...caches.values()], topics, edges, flows };
  if (Object.keys(scenario.calls).length > 0) {
    notes.add(
      "call policies: each call makes 1 + q + ... + q^k attempts and succeeds with 1 - q^(k+1), q the chance one attempt fails (blocked, failed, timed out where the sojourn distribution is known, or its nested calls failed); circuit breakers are not modelled",
    );
  }
  if (scenario.faults.length > 0) notes.add("faults are not in the analytic figures");

  const w = scenario.workload;
  let rate: number;
  let closed: ClosedNetwork | null = null;
  if (w.kind === "open") rate = w.rate;
  else if (w.kind === "profile") {
    rate = profileMeanRate(w.profile, scenario.warmup, scenario.duration);
    notes.add("profile workload: analysed at its time-averaged rate over the measured period");
  } else {
    solve(network, 1, admission, notes); // loads at one request per second are the visits
    closed = closedNetwork(w.users, createDistribution(w.think).mean, stations, notes);
    rate = closed.throughput;
    notes.add(
      "closed workload: mean value analysis gives the throughput and each station's residence time and queue (exact for single-server exponential stations, Seidmann's approximation for c > 1), and a single-server exponential station's p99 from the queue an arrival finds (arrival theorem); a closed system is never unstable",
    );
  }
  solve(network, rate, admission, notes);
  if (closed !== null) applyClosed(closed);
  const authTime = scenario.gateway?.auth
    ? createDistribution(scenario.gateway.auth.latency).mean
    : 0;

  const flowReports: Record<string, AnalyticFlow> = {};
  let total = 0;
  let totalSuccess = 0;
  let totalTime = 0;
  let timeKnown = true;
  for (const f of flows) {
    // Success over every request started: those an overloaded station holds never finish.
    const success = admission(rate) * sequenceSuccess(f.root) * sequencePass(f.root);
    const time = authTime + sequenceTime(f.root);
    const flowRate = rate * f.share;
    flowReports[f.name] = {
      throughput: flowRate * success,
      successRate: success,
      latency: {
        mean: Number.isFinite(time) ? time : null,
        p99: authTime === 0 && closed === null ? sequenceP99(f.root) : null,
      },
      exact: scenario.faults.length === 0 && sequenceExact(f.root),
    };
    total += flowRate;
    totalSuccess += flowRate * success;
    if (Number.isFinite(time)) totalTime += flowRate * time;
    else timeKnown = false;
  }
  if (flows.some((f) => hasParallel(f.root))) {
    notes.add(
      "parallel branches: identical M/M/1 leaves by Nelson-Tantawi's fork-join result (exact for 2), other leaves of known sojourn distribution as the mean of the maximum of independent branches, else the slowest branch's mean (a lower bound); a join's p99 solves Π Fᵢ(t) = 0.99 over its branches, taken as independent",
    );
  }
  for (const t of topics.values())
    for (const g of t.groups) g.figures = groupFigures(t.lambda, g, sequenceTime(g.node.calls));
  const serviceReports: Record<string, AnalyticService> = {};
  for (const [name, s] of services) serviceReports[name] = s.result;
  return {
    services: serviceReports,
    gateway: gateway ? gateway.result : null,
    flows: flowReports,
    totals: {
      throughput: totalSuccess,
      successRate: total > 0 ? totalSuccess / total : 0,
      latency: { mean: timeKnown && total > 0 ? totalTime / total : null },
    },
    unstable: stations.filter((s) => s.result.unstable).map((s) => s.name),
    edges: edges.toRecord(),
    ...(topics.size > 0
      ? {
          topics: Object.fromEntries(
            [...topics].map(([name, t]) => [
              name,
              {
                publishRate: t.lambda,
                groups: Object.fromEntries(t.groups.map((g) => [g.service, g.figures])),
              },
            ]),
          ),
        }
      : {}),
    ...(caches.size > 0
      ? {
          caches: Object.fromEntries(
            [...caches].map(([name, c]) => [
              name,
              { hitRatio: c.hitRatio, model: c.model, exact: c.exact, lookups: c.lambda },
            ]),
          ),
        }
      : {}),
    ...(pools.length > 0
      ? {
          pools: Object.fromEntries(
            pools.map((p) => [
              p.key,
              {
                lambda: p.lambda,
                utilization: p.utilization,
                wait: p.wait,
                exhausted: p.exhausted,
                unstable: p.unstable,
              },
            ]),
          ),
        }
      : {}),
    notes: [...notes],
  };
}

/** The share of requests the gateway lets in at a rate: the token bucket's, then auth's. */
function admissionOf(scenario: Scenario, notes: Set<string>): (rate: number) => number {
  const auth = scenario.gateway?.auth ?? null;
  const admitted = auth ? 1 - auth.reject : 1;
  const limit = scenario.gateway?.rateLimit ?? null;
  if (limit !== null) {
    notes.add(
      "rate limit: the gateway admits min(1, r/λ) of requests (a long-run bound; bursts above it are not modelled)",
    );
  }
  return (rate) => (limit !== null && rate > 0 ? Math.min(1, limit.rate / rate) : 1) * admitted;
}

function profileMeanRate(
  profile: { at: number; rate: number }[],
  from: number,
  span: number,
): number {
  let area = 0;
  const to = from + span;
  profile.forEach((step, i) => {
    const start = Math.max(step.at, from);
    const end = Math.min(profile[i + 1]?.at ?? Number.POSITIVE_INFINITY, to);
    if (end > start) area += step.rate * (end - start);
  });
  return area / span;
}
