/** Steady-state figures of one queueing station. Rates per second, times in seconds. */
export interface QueueMetrics {
  /** Fraction of server capacity in use, ρ = λ_effective / (c·μ). */
  utilization: number;
  /** Completions per second (the accepted arrival rate). */
  throughput: number;
  /** Mean number in the system (waiting + in service). */
  L: number;
  /** Mean number waiting. */
  Lq: number;
  /** Mean time in the system (sojourn), seconds. */
  W: number;
  /** Mean wait before service, seconds. */
  Wq: number;
  /** Probability that an (accepted) arrival has to wait. */
  probWait?: number;
  /** Probability that an arrival is turned away (finite capacity only). */
  blocking?: number;
}
