/**
 * What every key of a scenario file means: the one source of the JSON Schema's descriptions
 * (what an editor shows on hover) and of the scenario reference, docs/scenario.md
 * (`meshsim schema --markdown`). Keys are paths as the schema nests them: `*` for a name of
 * your own (a service, a flow, an edge), `[]` for a list's items, `$distribution` for any
 * distribution's fields. The gateway takes a service's placement and queue keys, and a
 * service's objectives take a flow's latency objectives: where a path has no entry of its
 * own, `KEY_FALLBACKS` names the one it shares. A test holds this table and the schema to
 * each other: every key described, no entry without a key.
 */
export const KEY_DOCS: Readonly<Record<string, string>> = {
  name: "The scenario's name, shown in reports.",
  seed: "The run seed: every random stream is derived from it, so the same seed gives the same report.",
  duration:
    "Measured simulated time, after the warm-up: a duration such as 10m, 90s, or seconds as a number.",
  warmup:
    "Simulated time before measuring, discarded from every figure (default: a tenth of the duration).",
  replications:
    "Independent replications, each on its own seed derived from the run seed; figures are their means, with 95% intervals.",
  workload:
    "Where the load comes from: one of rate (open), profile (a piecewise rate) or users + think (closed).",
  "workload.rate":
    "An open workload: Poisson arrivals at this rate (200/s, 12000/min, 3/h, or per second as a number).",
  "workload.profile":
    "A piecewise-constant rate: steps of { at, rate }, the first at 0s, in increasing time.",
  "workload.profile[].at":
    "When this step's rate starts, from the start of the run (warm-up included).",
  "workload.profile[].rate": "The arrival rate from this step on (0 allowed).",
  "workload.users":
    "A closed workload: this many users, each sending a request, waiting for it, then thinking.",
  "workload.think": "A closed workload's think time between a user's requests: a distribution.",
  "workload.mix":
    "The share of requests per flow, as weights normalised to 1; required when there are several flows.",
  gateway:
    "An API gateway every request passes first; its call to a flow's first service is `gateway->service`.",
  "gateway.instances": "The gateway's instances.",
  "gateway.concurrency": "Requests one gateway instance works on at once.",
  "gateway.latency": "The gateway's own time per request: a duration or a distribution.",
  "gateway.balancer": "How the client's requests are spread over the gateway's instances.",
  "gateway.rateLimit":
    "A token bucket: a request takes a token or is rejected (429, counted as rateLimited).",
  "gateway.rateLimit.rate": "Tokens added per second.",
  "gateway.rateLimit.burst":
    "Tokens stored at most (default: a tenth of a second's tokens, at least one).",
  "gateway.auth":
    "Authentication before routing: a delay on every request, and a share refused (401).",
  "gateway.auth.latency": "The authentication's delay: a duration or a distribution.",
  "gateway.auth.reject": "The share of requests refused (401, counted as unauthenticated).",
  discovery:
    "Service discovery: callers see a service's instances as the registry listed them at their last refresh; null: callers see crashes at once.",
  "discovery.refresh": "How often a caller's view of the registry is renewed.",
  "discovery.ttl": "How long a crashed instance stays listed in the registry.",
  network: "The network every call crosses: a request hop and a response hop.",
  "network.latency": "One-way latency of every hop: a duration or a distribution; a call pays two.",
  "network.crossZone": "Added to a hop between instances in different zones: a distribution.",
  "network.sameZone":
    "prefer: a caller calls instances in its own zone while one is listed (not for hash-balanced services); any: every instance.",
  "network.zones":
    "The zones there are; each must hold an instance, and every service's zones must be among them.",
  services: "The services by name (letters, digits, - and _).",
  "services.*.zone": "The one zone all its instances run in.",
  "services.*.zones": "The zones its instances run in, instance i in zones[i mod n].",
  "services.*.autoscale":
    "A horizontal autoscaler (the Kubernetes HPA's algorithm; KEDA's lag metric); null: a fixed number of instances.",
  "services.*.autoscale.min": "The fewest instances it keeps.",
  "services.*.autoscale.max": "The most instances it runs.",
  "services.*.autoscale.metric":
    "What it reads: utilization (share of busy workers), inflight (calls at the service per instance) or lag (messages waiting; consumers only).",
  "services.*.autoscale.target":
    "The metric per instance it steers toward (a share in (0, 1] for utilization).",
  "services.*.autoscale.interval": "Time between decisions (the HPA's sync period).",
  "services.*.autoscale.tolerance": "No change while |metric / target - 1| is within it.",
  "services.*.autoscale.scaleUp": "How fast it adds instances.",
  "services.*.autoscale.scaleUp.stabilization":
    "Scale up only to the lowest recommendation of this window.",
  "services.*.autoscale.scaleUp.maxStep":
    "Add at most this many at once (default: max(4, current)).",
  "services.*.autoscale.scaleDown": "How fast it removes instances.",
  "services.*.autoscale.scaleDown.stabilization":
    "Scale down only to the highest recommendation of this window.",
  "services.*.autoscale.scaleDown.maxStep":
    "Remove at most this many at once (default: any number).",
  "services.*.autoscale.provisioning":
    "From a scale-up decision to the new instance taking calls, the cold start: a distribution.",
  "services.*.cache":
    "A cache in front of the service's work: every call looks up the cache's server first, and only misses reach the service; null: none.",
  "services.*.cache.service":
    "The service that serves the lookups (itself a service with instances and latency).",
  "services.*.cache.hitRatio": "A fixed share of lookups that hit (instead of a key model).",
  "services.*.cache.keys": "A key model: this many keys, each call asking for one.",
  "services.*.cache.popularity": "How the keys are asked for.",
  "services.*.cache.popularity.zipf": "Zipf's law with this exponent (0: every key alike).",
  "services.*.cache.capacity": "Entries the cache holds (an lru cache).",
  "services.*.cache.policy":
    "lru: evict the least recently used; ttl: entries expire after ttl (default: lru with a capacity).",
  "services.*.cache.ttl": "How long an entry lives from the miss that stored it (a ttl cache).",
  "services.*.cost": "Cost per instance-hour, for capacity planning and the report's cost.",
  "services.*.instances":
    "Instances of the service (with autoscale: how many it starts with; default its min).",
  "services.*.concurrency": "Workers per instance: the c of M/M/c, serving calls in FIFO order.",
  "services.*.queue":
    "Waiting room per instance; a call that finds it full is rejected (default: unbounded).",
  "services.*.latency":
    "The service's own processing time per call: a duration (a constant) or a distribution.",
  "services.*.failure": "The probability that one call fails.",
  "services.*.balancer":
    "How calls are spread over its instances: round-robin, random, least-outstanding, p2c, weighted (with weights), or { hash }.",
  "services.*.balancer.hash": "Each call's key picks its instance: a sharded service.",
  "services.*.balancer.hash.keys": "How many keys there are.",
  "services.*.balancer.hash.popularity": "How the keys are asked for.",
  "services.*.balancer.hash.popularity.zipf": "Zipf's law with this exponent (0: every key alike).",
  "services.*.balancer.hash.virtualNodes":
    "Points per instance on a consistent-hash ring; without it, hash(key) mod n.",
  "services.*.weights": "A weight per instance, for the weighted balancer.",
  "services.*.blocking": "The worker stays held while the service's nested calls run.",
  flows: "The flows by name; each a list of calls.",
  calls:
    "Policies by edge: `a->b` for the calls a makes to b, and `*->b`, `a->*`, `*->*` for many; the most specific applies.",
  "calls.*.network": "This edge's one-way latency per hop, instead of network.latency.",
  "calls.*.pool": "A connection pool: at most size calls at once; the rest wait in FIFO order.",
  "calls.*.pool.size": "Connections in the pool.",
  "calls.*.pool.per": "instance: a pool per caller instance; service: one for the whole caller.",
  "calls.*.pool.wait": "A call that waits longer for a connection fails.",
  "calls.*.timeout":
    "The caller gives up on one attempt after this long (the callee's work goes on).",
  "calls.*.retries": "Attempts after the first, when one fails.",
  "calls.*.backoff": "The wait before the first retry.",
  "calls.*.backoffMultiplier": "Retry n waits backoff × multiplier^(n-1).",
  "calls.*.maxBackoff": "The longest wait between attempts.",
  "calls.*.jitter": "Draw each wait uniformly below its backoff (full jitter).",
  "calls.*.circuitBreaker":
    "true (the defaults) or its settings: it opens when enough of the recent calls failed, and fails calls at once while open.",
  "calls.*.circuitBreaker.failureRatio":
    "It opens when at least this share of the window's calls failed.",
  "calls.*.circuitBreaker.window": "The sliding time window whose calls it judges.",
  "calls.*.circuitBreaker.minCalls": "It judges only a window holding at least this many calls.",
  "calls.*.circuitBreaker.openFor":
    "How long it stays open before letting probes through (half-open).",
  "calls.*.circuitBreaker.probes":
    "Calls let through half-open: it closes when all succeed, and opens again at the first failure.",
  topics: "Message topics by name, for { publish: topic } steps and consumers.",
  "topics.*.partitions":
    "How many messages a consumer group may work on at once (one per partition).",
  "topics.*.broker": "The broker that acknowledges a publish.",
  "topics.*.broker.latency":
    "The broker's acknowledgement of a publish: a distribution (its capacity is not modelled).",
  "topics.*.retention":
    "A message that waits longer for a consumer is dropped (counted as expired).",
  consumers:
    "Consumer groups by topic: each a call step to a service, which gets every message and runs its calls for it.",
  faults: "Faults injected during the run.",
  "faults[].service": "The service the fault strikes.",
  "faults[].at": "When it starts, from the start of the run (warm-up included).",
  "faults[].for": "How long it lasts (default: to the end of the run).",
  "faults[].crash": "Crash this many instances (the calls on them fail).",
  "faults[].addLatency": "Add this latency to every call at the service: a distribution.",
  "faults[].failure": "Fail calls at the service with this probability.",
  "faults[].mtbf": "Random crashes: mean time between failures of each instance (exponential).",
  "faults[].mttr": "Random crashes: mean time to repair (exponential).",
  slo: "Objectives the run is checked against (--slo) and plan meets.",
  "slo.flows": "Objectives per flow.",
  "slo.flows.*.mean": "The mean latency at most.",
  "slo.flows.*.p50": "The median latency at most.",
  "slo.flows.*.p90": "The 90th percentile latency at most.",
  "slo.flows.*.p95": "The 95th percentile latency at most.",
  "slo.flows.*.p99": "The 99th percentile latency at most.",
  "slo.flows.*.p999": "The 99.9th percentile latency at most.",
  "slo.flows.*.successRate": "The share of requests that succeed, at least.",
  "slo.flows.*.throughput": "Successful requests per second, at least.",
  "slo.services": "Objectives per service (latency at the service).",
  "slo.services.*.maxUtilization": "The service's utilization at most.",
  timeline: "The report's timeline: figures window by window.",
  "timeline.window": "Width of a window (default: a hundredth of the duration).",
  "timeline.services":
    'Services each window holds: the busiest this many by offered utilization, with every service that has an objective or an autoscaler (default 50; "all": every one).',
  "timeline.flows":
    'Flows each window holds: this many with the largest shares of the mix, with every flow that has an objective (default 50; "all": every one).',
  "$distribution.dist":
    "The kind: constant, exponential, uniform, normal, lognormal, gamma, erlang, weibull, pareto, empirical or mixture.",
  "$distribution.value": "constant: the value.",
  "$distribution.mean": "The mean (exponential, normal, gamma, erlang; lognormal with cv).",
  "$distribution.min": "uniform: the smallest value.",
  "$distribution.max": "uniform: the largest value.",
  "$distribution.sd": "normal: the standard deviation (truncated at 0).",
  "$distribution.cv": "lognormal: the coefficient of variation, sd / mean (with mean).",
  "$distribution.p50": "lognormal: the median (with p99).",
  "$distribution.p99": "lognormal: the 99th percentile (with p50).",
  "$distribution.shape": "gamma, weibull, pareto: the shape parameter.",
  "$distribution.scale": "weibull, pareto: the scale parameter.",
  "$distribution.k": "erlang: the number of exponential phases.",
  "$distribution.values": "empirical: the observed values, drawn from with equal chance.",
  "$distribution.components": "mixture: the component distributions, each with a weight.",
  "$distribution.components[].weight": "The component's weight (normalised over the components).",
  "$step.parallel": "Branches run at once; the step ends when the slowest is done.",
  "$step.publish": "Publish to a topic and wait for the broker's acknowledgement.",
};

/**
 * Paths that share another's description: the gateway's placement and queue are a service's,
 * a service's latency objectives a flow's.
 */
export const KEY_FALLBACKS: readonly [RegExp, string][] = [
  [/^gateway\.(zone|zones|queue)$/, "services.*.$1"],
  [/^slo\.services\.\*\.(mean|p50|p90|p95|p99|p999)$/, "slo.flows.*.$1"],
];

/**
 * The description of a key, or undefined.
 *
 * @example
 * keyDoc("services.*.queue"); // "Waiting room per instance; ..."
 * keyDoc("gateway.queue"); // the same: the gateway shares a service's
 */
export function keyDoc(path: string): string | undefined {
  const own = KEY_DOCS[path];
  if (own !== undefined) return own;
  for (const [pattern, to] of KEY_FALLBACKS)
    if (pattern.test(path)) return KEY_DOCS[path.replace(pattern, to)];
  return undefined;
}
