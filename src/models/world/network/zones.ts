import type { Instance } from "../instance.js";

/**
 * A station's instances by zone, among those callers see: what a zone-preferring caller
 * chooses from. Rebuilt whenever the view changes (a crash, a recovery, discovery).
 */
export class ZoneViews {
  private readonly byZone = new Map<string, Instance[]>();
  private of_: readonly Instance[] | null = null;

  of(view: readonly Instance[], zone: string): Instance[] {
    if (this.of_ !== view) {
      this.byZone.clear();
      this.of_ = view;
    }
    let local = this.byZone.get(zone);
    if (local === undefined) {
      local = view.filter((i) => i.zone === zone);
      this.byZone.set(zone, local);
    }
    return local;
  }
}
