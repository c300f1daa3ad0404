export { analyze } from "./analyze.js";
export type { Balanced, Balancer } from "./balancer.js";
export { type Comparison, compare, type Difference } from "./compare.js";
export { parseScenario, readScenarioText } from "./parseScenario.js";
export type * from "./report.js";
export type {
  BalancerKind,
  GatewayConfig,
  Scenario,
  ServiceConfig,
  Step,
  Workload,
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
export { formatDuration, parseDuration, parseRate } from "./units.js";
export type { WorldResult } from "./world.js";
