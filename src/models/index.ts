export { analyze } from "./analysis/analyze.js";
export { flowDiagram, topologyDiagram } from "./diagram/diagram.js";
export type * from "./report.js";
export { type Comparison, compare, type Difference } from "./run/compare.js";
export { type PlanOptions, type PlanResult, plan } from "./run/plan.js";
export {
  findBreach,
  type SaturationPoint,
  type SaturationResult,
  scaleWorkload,
  untilBreach,
} from "./run/saturation.js";
export {
  buildReport,
  replicationSeed,
  type SimulateOptions,
  simulate,
  simulateReplication,
} from "./run/simulate.js";
export { checkSlos, hasSlo, minSamples, type SloCheck } from "./run/slo.js";
export {
  parseAxis,
  type SweepAxis,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
  summarize as summarizeSweep,
  sweep,
  sweepGrid,
} from "./run/sweep.js";
export { compileFlows, entryCaller, flowEdges, servicesCalled } from "./scenario/callTree.js";
export { describeFault } from "./scenario/describeFault.js";
export { scenarioJsonSchema } from "./scenario/jsonSchema.js";
export { DEFAULTS, withDuration } from "./scenario/normalise.js";
export { applyOverrides, parseValue, withValues } from "./scenario/overrides.js";
export { parseScenario } from "./scenario/parse.js";
export { policyFor, retryWait } from "./scenario/policy.js";
export { ScenarioError, type ScenarioIssue } from "./scenario/scenarioError.js";
export { type ScenarioInput, scenarioSchema } from "./scenario/schema/index.js";
export { readScenarioText } from "./scenario/text.js";
export type {
  BalancerKind,
  CallPolicy,
  CircuitBreakerConfig,
  DiscoveryConfig,
  Fault,
  GatewayConfig,
  LatencyObjectives,
  Scenario,
  ServiceConfig,
  Slo,
  Step,
  Workload,
} from "./scenario/types.js";
export { formatDuration, parseDuration, parseRate } from "./scenario/units.js";
export type { Balanced, Balancer } from "./world/balancer.js";
export type { WorldResult } from "./world/world.js";
