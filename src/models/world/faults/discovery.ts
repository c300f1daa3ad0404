import type { Calendar, RandomSource } from "../../../sim/index.js";
import type { DiscoveryConfig } from "../../scenario/types.js";
import type { Instance } from "../instance.js";
import type { Station } from "../station.js";

/**
 * What callers know of the instances. Without a registry they see a crash and a recovery at
 * once. With one, each caller refreshes its view every `refresh` (from a phase of its own), and
 * a crashed instance stays registered, so still gets calls that fail, until its `ttl` is up.
 */
export class Discovery {
  constructor(
    private readonly config: DiscoveryConfig | null,
    private readonly rng: RandomSource,
    private readonly calendar: Calendar,
  ) {}

  /** Start the refreshes of the stations whose instances can go away. */
  start(stations: readonly Station[]): void {
    const config = this.config;
    if (config === null) return;
    for (const station of stations) {
      if (!station.crashable) continue;
      const phase = this.rng.stream(`discovery/${station.name}`).next() * config.refresh;
      this.calendar.schedule(phase, this.refreshView, station);
    }
  }

  /** An instance of `station` has crashed. */
  down(station: Station, instance: Instance): void {
    if (this.config === null) {
      instance.registered = false;
      station.updateView();
    } else {
      this.calendar.schedule(this.config.ttl, this.expire, instance);
    }
  }

  /** An instance of `station` is back (it registers itself again). */
  up(station: Station): void {
    if (this.config === null) station.updateView();
  }

  /** The registry drops an instance that has been down for the ttl. */
  private readonly expire = (instance: Instance): void => {
    const ttl = this.config!.ttl;
    if (!instance.alive && this.calendar.now - instance.down!.since >= ttl - 1e-9)
      instance.registered = false;
  };

  private readonly refreshView = (station: Station): void => {
    station.updateView();
    this.calendar.schedule(this.config!.refresh, this.refreshView, station);
  };
}
