import { DOUBLE_ZERO } from "../../metrics/doubleZero.js";
import {
  type Calendar,
  createDistribution,
  type Distribution,
  type RandomSource,
  type RandomStream,
} from "../../sim/index.js";
import type { GatewayConfig } from "../scenario/types.js";
import type { Cause } from "./cause.js";
import type { Station } from "./station.js";
import type { Request } from "./walker.js";

/**
 * The gateway's door: a token bucket (excess requests are refused, 429) and authentication (a
 * delay, then a share refused, 401), before a request is routed. Without a gateway every
 * request goes straight in.
 */
export class Admission {
  private readonly limit: { rate: number; burst: number } | null;
  private readonly auth: { latency: Distribution; reject: number } | null;
  private readonly authRng: RandomStream;
  private tokens = DOUBLE_ZERO;
  private tokensAt = DOUBLE_ZERO;

  constructor(
    config: GatewayConfig | null,
    private readonly gateway: Station | null,
    rng: RandomSource,
    private readonly calendar: Calendar,
  ) {
    this.limit = config?.rateLimit ?? null;
    const auth = config?.auth ?? null;
    this.auth = auth ? { latency: createDistribution(auth.latency), reject: auth.reject } : null;
    this.authRng = rng.stream("gateway/auth");
    this.tokens = this.limit?.burst ?? 0;
  }

  /** Let a request in (now, or after authentication), or refuse it. */
  enter(request: Request): void {
    const gateway = this.gateway;
    if (gateway !== null) {
      const limit = this.limit;
      if (limit !== null && !this.takeToken(limit.rate, limit.burst)) {
        this.refuse(request, gateway.causes.rateLimited);
        return;
      }
      if (this.auth !== null) {
        this.calendar.schedule(this.auth.latency.sample(this.authRng), this.authDone, request);
        return;
      }
    }
    request.begin();
  }

  /** Token bucket: refilled continuously at `rate`, holding at most `burst`. */
  private takeToken(rate: number, burst: number): boolean {
    const now = this.calendar.now;
    this.tokens = Math.min(burst, this.tokens + (now - this.tokensAt) * rate);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private readonly authDone = (request: Request): void => {
    if (this.authRng.next() < this.auth!.reject) this.refuse(request, this.gateway!.causes.auth);
    else request.begin();
  };

  /** The gateway refuses a request before routing it. */
  private refuse(request: Request, cause: Cause): void {
    const gateway = this.gateway!;
    const stats = gateway.stats;
    stats.arrivals++;
    stats.rejected++;
    if (cause === gateway.causes.rateLimited) stats.rateLimited++;
    else stats.unauthenticated++;
    request.finish(cause);
  }
}
