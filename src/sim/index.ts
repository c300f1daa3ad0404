export {
  Calendar,
  type EventAction,
  type EventHandle,
  type RunOptions,
  type RunResult,
  type StopReason,
} from "./calendar.js";
export {
  createDistribution,
  type Distribution,
  type DistributionSpec,
  type MixtureComponent,
  scv,
} from "./distributions.js";
export { Fifo } from "./fifo.js";
export { createStream, deriveSeed, RandomSource, type RandomStream } from "./random.js";
export {
  erfc,
  gammaFunction,
  gammaP,
  logGamma,
  normalCdf,
  normalPdf,
  probit,
} from "./special.js";
