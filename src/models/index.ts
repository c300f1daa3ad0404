export { analyze } from "./analyze.js";
export type { Balanced, Balancer } from "./balancer.js";
export { type Comparison, compare, type Difference } from "./compare.js";
export { flowDiagram, topologyDiagram } from "./diagram.js";
export { scenarioJsonSchema } from "./jsonSchema.js";
export { applyOverrides, parseValue, withValues } from "./overrides.js";
export { parseScenario, readScenarioText } from "./parseScenario.js";
export { type PlanOptions, type PlanResult, plan } from "./plan.js";
export type * from "./report.js";
export {
  findBreach,
  type SaturationPoint,
  type SaturationResult,
  scaleWorkload,
  untilBreach,
} from "./saturation.js";
export {
  type BalancerKind,
  type CallPolicy,
  type CircuitBreakerConfig,
  type DiscoveryConfig,
  entryCaller,
  type Fault,
  flowEdges,
  type GatewayConfig,
  type LatencyObjectives,
  policyFor,
  type Scenario,
  type ServiceConfig,
  type Slo,
  type Step,
  type Workload,
} from "./scenario.js";
export { ScenarioError, type ScenarioIssue } from "./scenarioError.js";
export { type ScenarioInput, scenarioSchema } from "./scenarioSchema.js";
export {
  buildReport,
  replicationSeed,
  type SimulateOptions,
  simulate,
  simulateReplication,
} from "./simulate.js";
export { checkSlos, hasSlo, minSamples, type SloCheck } from "./slo.js";
export {
  parseAxis,
  type SweepAxis,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
  summarize as summarizeSweep,
  sweep,
  sweepGrid,
} from "./sweep.js";
export { formatDuration, parseDuration, parseRate } from "./units.js";
export { describeFault, type WorldResult } from "./world.js";
