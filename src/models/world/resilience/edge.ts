import type { RandomStream } from "../../../sim/index.js";
import { retryWait } from "../../scenario/policy.js";
import type { CallPolicy } from "../../scenario/types.js";
import type { Station } from "../station.js";
import { EdgeStats } from "../stats.js";
import { Breaker } from "./breaker.js";

/**
 * A caller->callee edge with a policy: its breaker, its jitter stream and its counts. The
 * callee's own resilience figures (timeouts, retries, short circuits) are the sums over the
 * edges into it, so they are counted once, here.
 */
export class Edge {
  readonly breaker: Breaker | null;
  readonly stats = new EdgeStats();
  constructor(
    readonly caller: string,
    readonly callee: Station,
    readonly policy: CallPolicy,
    readonly jitterRng: RandomStream,
  ) {
    this.breaker = policy.circuitBreaker ? new Breaker(policy.circuitBreaker) : null;
  }
  /** The wait before retry `n` (1-based), drawn below it with full jitter. */
  backoff(n: number): number {
    const wait = retryWait(this.policy, n);
    return this.policy.jitter ? wait * this.jitterRng.next() : wait;
  }
}
