import { availableParallelism } from "node:os";

/**
 * The default number of workers: the machine's cores.
 *
 * @example
 * const pool = new SimulationPool(defaultWorkers());
 */
export function defaultWorkers(): number {
  return availableParallelism();
}
