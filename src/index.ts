/**
 * meshsim: a discrete-event simulator and capacity-planning library for microservice
 * architectures. This file is the whole public surface: every export is named here, grouped
 * as the docs describe them. Nothing exported depends on Node built-ins; the Node-only
 * runners (worker threads) are `meshsim/node`.
 */

// ---- Formulas and queueing theory (src/metrics) ----------------------------------------------
export { integratedAutocorrelationTime } from "./metrics/autocorrelationTime.js";
export { availability } from "./metrics/availability.js";
export { bottleneckThroughput, utilizationLaw } from "./metrics/bottleneck.js";
export { cheHitRatio, ttlHitRatio, zipfPopularity } from "./metrics/cache.js";
export { type Interval, meanConfidenceInterval, tQuantile } from "./metrics/confidenceInterval.js";
export { ekm1 } from "./metrics/ekm1.js";
export { type EkmcResult, ekmc } from "./metrics/ekmc.js";
export { erlangB } from "./metrics/erlangB.js";
export { erlangC } from "./metrics/erlangC.js";
export { expectedTruncated, forkJoinMM1, meanOfMaximum } from "./metrics/forkJoin.js";
export { ksPValue, ksStatistic } from "./metrics/goodnessOfFit.js";
export { hpaRecommendation } from "./metrics/hpa.js";
export { type JacksonNetworkResult, jacksonNetwork } from "./metrics/jacksonNetwork.js";
export { jainFairness } from "./metrics/jainFairness.js";
export { LatencyHistogram, type PercentileSummary } from "./metrics/latencyHistogram.js";
export { type LittlesLaw, littlesLaw } from "./metrics/littlesLaw.js";
export { loadBalancingEfficiency } from "./metrics/loadBalancingEfficiency.js";
export { mg1 } from "./metrics/mg1.js";
export { mgc } from "./metrics/mgc.js";
export { mm1 } from "./metrics/mm1.js";
export { mmc } from "./metrics/mmc.js";
export { mmck } from "./metrics/mmck.js";
export {
  mmcSojournQuantile,
  mmcSojournTail,
  type Tail,
} from "./metrics/mmcSojournQuantile.js";
export { closedSojournTail, type MvaResult, type MvaStation, mva } from "./metrics/mva.js";
export { parallelReliability } from "./metrics/parallelReliability.js";
export type { QueueMetrics } from "./metrics/queueMetrics.js";
export { seriesReliability } from "./metrics/seriesReliability.js";
export { TimeWeightedAverage } from "./metrics/timeWeightedAverage.js";
export { fitUsl, type UslFit, type UslParameters, usl } from "./metrics/usl.js";
// ---- Running: simulate, analyze, compare, sweep, plan, shard (src/models/run, analysis) -----
export { analyze } from "./models/analysis/analyze.js";
export { flowDiagram, topologyDiagram } from "./models/diagram/diagram.js";
// simulate, compare, sweep and plan: the runners, their results displaying as pages in Jupyter.
export { compare, displayable, plan, simulate, sweep } from "./models/html/notebook.js";
// ---- Pictures: self-contained HTML pages, and notebook display (src/models/html) -------------
export type { ChartBand, ChartMark, ChartSeries, ChartSpec } from "./models/html/page.js";
export {
  type HtmlOptions,
  renderCompareHtml,
  renderHtml,
  renderPlanHtml,
  renderSweepHtml,
} from "./models/html/render.js";
export { type TopologyEdge, type TopologyNode, topologyOf } from "./models/html/topology.js";
// ---- Report types (src/models/report.ts) -----------------------------------------------------
export type * from "./models/report.js";
export {
  COMPARE_REPLICATIONS,
  type ComparedFlowWindows,
  type ComparedTimeline,
  type Comparison,
  type Difference,
} from "./models/run/compare.js";
export type { InsensitiveObjective } from "./models/run/decisions.js";
export { PLAN_DEFAULTS, type PlanOptions, type PlanResult } from "./models/run/plan.js";
export {
  PRECISION_DEFAULTS,
  type PrecisionResult,
  relativeHalfWidths,
  toPrecision,
} from "./models/run/precision.js";
export {
  findBreach,
  type SaturationPoint,
  type SaturationResult,
  scaleWorkload,
  untilBreach,
} from "./models/run/saturation.js";
export {
  mergeShards,
  parseShard,
  runShard,
  type Shard,
  ShardError,
  sliceOf,
  sweepShard,
} from "./models/run/shard.js";
export { replicationSeed, type SimulateOptions } from "./models/run/simulate.js";
export { checkSlos, hasSlo, type SloCheck } from "./models/run/slo.js";
export {
  parseAxis,
  type SweepAxis,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
  sweepGrid,
} from "./models/run/sweep.js";
export {
  type SimulatedTraces,
  simulateTraces,
  TRACE_DEFAULTS,
  type TraceOptions,
} from "./models/run/traces.js";
// ---- Scenarios: reading, checking, editing (src/models/scenario) ----------------------------
export {
  compileConsumers,
  compileFlows,
  type StationRole,
  type TreeCall,
  type TreeConsumer,
  type TreeFlow,
  type TreeParallel,
  type TreePublish,
  type TreeStep,
} from "./models/scenario/callTree.js";
export { describeFault } from "./models/scenario/describeFault.js";
export { scenarioHash } from "./models/scenario/hash.js";
export { scenarioJsonSchema } from "./models/scenario/jsonSchema.js";
export { DEFAULTS, LIMITS, withDuration } from "./models/scenario/normalise.js";
export { applyOverrides, parseValue, withValues } from "./models/scenario/overrides.js";
export { parseScenario } from "./models/scenario/parse.js";
export { KEY_DOCS, keyDoc } from "./models/scenario/reference.js";
export {
  type ReferenceRow,
  scenarioReference,
  scenarioReferenceMarkdown,
} from "./models/scenario/referenceDoc.js";
export { ScenarioError, type ScenarioIssue } from "./models/scenario/scenarioError.js";
export type { ScenarioInput } from "./models/scenario/schema/index.js";
export { MAX_TEXT, readScenarioText } from "./models/scenario/text.js";
export type {
  AutoscaleConfig,
  AutoscaleMetric,
  BalancerKind,
  CacheConfig,
  CallPolicy,
  CircuitBreakerConfig,
  DiscoveryConfig,
  Fault,
  GatewayConfig,
  HashConfig,
  LatencyObjectives,
  LinkConfig,
  NetworkConfig,
  PoolConfig,
  Scenario,
  ServiceConfig,
  Slo,
  Step,
  TopicConfig,
  Workload,
} from "./models/scenario/types.js";
export { formatDuration, parseDuration, parseRate } from "./models/scenario/units.js";
// ---- Traces: scenarios from OTLP, Jaeger and Zipkin spans (src/models/traces) ----------------
export { type Fitted, fitDistribution } from "./models/traces/fit.js";
export {
  type ImportOptions,
  type ImportResult,
  importTraces,
} from "./models/traces/importTraces.js";
export type { ImportSummary } from "./models/traces/infer.js";
export { DEFAULT_EPOCH, renderOpenMetrics } from "./models/traces/openMetrics.js";
export { readSpans } from "./models/traces/readers.js";
export {
  type Span,
  type SpanKind,
  TraceError,
  type TraceFormat,
  traceFormat,
} from "./models/traces/spans.js";
export { writeJaeger, writeOtlp, writeZipkin } from "./models/traces/writers.js";
export { VERSION } from "./models/version.js";
export { LATENCY_LEVELS } from "./models/world/measure/distributions.js";
export type { WorldResult } from "./models/world/world.js";
// ---- Engine (src/sim) ----------------------------------------------------------------------
export {
  Calendar,
  type EventAction,
  type EventHandle,
  type RunOptions,
  type RunResult,
  type StopReason,
} from "./sim/calendar.js";
export {
  createDistribution,
  type Distribution,
  type DistributionSpec,
  type MixtureComponent,
  scv,
} from "./sim/distributions.js";
export { createStream, deriveSeed, RandomSource, type RandomStream } from "./sim/random.js";
