/**
 * meshsim/node: the Node-only runners. Replications and sweep points spread over worker
 * threads, and a pool of threads behind a synchronous `simulate` for planners and searches.
 * Everything here gives the same figures as the portable library, only sooner.
 */
export { defaultWorkers } from "./defaultWorkers.js";
export { simulateInWorkers, sweepInWorkers } from "./parallel.js";
export { SimulationPool } from "./pool.js";
