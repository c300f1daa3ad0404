export { integratedAutocorrelationTime } from "./autocorrelationTime.js";
export { availability } from "./availability.js";
export { bottleneckThroughput, utilizationLaw } from "./bottleneck.js";
export { cheHitRatio, ttlHitRatio, zipfPopularity } from "./cache.js";
export { type Interval, meanConfidenceInterval, tQuantile } from "./confidenceInterval.js";
export { ekm1 } from "./ekm1.js";
export { type EkmcResult, ekmc } from "./ekmc.js";
export { erlangB } from "./erlangB.js";
export { erlangC } from "./erlangC.js";
export { expectedTruncated, forkJoinMM1, meanOfMaximum } from "./forkJoin.js";
export { ksPValue, ksStatistic } from "./goodnessOfFit.js";
export { type JacksonNetworkResult, jacksonNetwork } from "./jacksonNetwork.js";
export { jainFairness } from "./jainFairness.js";
export { LatencyHistogram, type PercentileSummary } from "./latencyHistogram.js";
export { type LittlesLaw, littlesLaw } from "./littlesLaw.js";
export { loadBalancingEfficiency } from "./loadBalancingEfficiency.js";
export { mg1 } from "./mg1.js";
export { mgc } from "./mgc.js";
export { mm1 } from "./mm1.js";
export { mmc } from "./mmc.js";
export { mmck } from "./mmck.js";
export {
  mmcSojournQuantile,
  mmcSojournTail,
  mmcSojournTailOf,
  type Tail,
  tailQuantile,
} from "./mmcSojournQuantile.js";
export { closedSojournTail, type MvaResult, type MvaStation, mva } from "./mva.js";
export { parallelReliability } from "./parallelReliability.js";
export type { QueueMetrics } from "./queueMetrics.js";
export { seriesReliability } from "./seriesReliability.js";
export { TimeWeightedAverage } from "./timeWeightedAverage.js";
export { fitUsl, type UslFit, type UslParameters, usl } from "./usl.js";
