/**
 * The ring of a queue that has never held anything, shared: nothing is ever written into it (a
 * first push grows the ring). Made as the rings are (holey, of any values), so every ring has
 * the same kind of elements and the JIT one case to handle.
 */
const NO_ITEMS: unknown[] = new Array(1).fill(undefined);
NO_ITEMS.length = 0;

/**
 * A first-in, first-out queue on a ring buffer that doubles when full: `push` and `shift` are
 * O(1) and allocate nothing once the ring is big enough (an array's own `shift` moves every
 * element; a head index over a growing array has to be compacted now and then). The ring is
 * made on the first push: most of an estate's instances never queue a call, and an empty
 * ring of their own would sit between the objects their calls do touch.
 */
export class Fifo<T> {
  private items = NO_ITEMS as (T | undefined)[];
  private head = 0;
  private count = 0;
  /** The ring's size when it is first made: a power of two. */
  private readonly first: number;

  constructor(initialCapacity = 8) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.first = capacity;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  /** Remove and return the oldest item; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  /** Remove every item, returning them oldest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.count > 0) out.push(this.shift() as T);
    return out;
  }

  private grow(): void {
    const old = this.items;
    const items = new Array<T | undefined>(old.length === 0 ? this.first : old.length * 2).fill(
      undefined,
    );
    for (let i = 0; i < this.count; i++) items[i] = old[(this.head + i) & (old.length - 1)];
    this.items = items;
    this.head = 0;
  }
}
