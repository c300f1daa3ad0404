import { availableParallelism } from "node:os";

/** The default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return availableParallelism();
}
