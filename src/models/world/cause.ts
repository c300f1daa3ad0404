import type { FaultStats } from "./stats.js";

/**
 * Why a call failed: the station it failed at, in words, and the fault behind it if any.
 * Causes are made once per station and fault, never per call.
 */
export interface Cause {
  /** The name of the station (service or gateway) where the call failed. */
  readonly where: string;
  readonly reason: string;
  /** The fault behind the failure, whose cost it is counted in; null for none. */
  readonly fault: FaultStats | null;
}

/**
 * Something waiting for a call, a sequence or a parallel group to finish (null: success).
 * Every part of the walk answers through this one method, so the engine's hot path has a
 * single polymorphic call site per kind of wait.
 */
export interface Continuation {
  resume(cause: Cause | null): void;
}
