/**
 * Storage for the vector clocks that messages carry. A send copies the sender's clock into a block
 * of one shared array instead of allocating a new one, and the receive (or drop) frees the block:
 * with hundreds of nodes, a fresh array per message made vector clocks cost more than the rest of
 * the simulation.
 */
export class VectorClockPool {
  private data: Int32Array;
  private references: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private capacity: number;

  /**
   * @param width - entries per clock (the number of nodes).
   * @param initialBlocks - clocks held before the pool grows; default 256.
   */
  constructor(
    private readonly width: number,
    initialBlocks = 256,
  ) {
    this.capacity = initialBlocks;
    this.data = new Int32Array(width * initialBlocks);
    this.references = new Int32Array(initialBlocks);
    this.free = new Int32Array(initialBlocks);
    for (let block = initialBlocks - 1; block >= 0; block--) this.free[this.freeCount++] = block;
  }

  /** Stores a copy of `clock` for `readers` deliveries (2 for a duplicated message); returns its block. */
  store(clock: Int32Array, readers: number): number {
    if (this.freeCount === 0) this.grow();
    const block = this.free[--this.freeCount];
    this.data.set(clock, block * this.width);
    this.references[block] = readers;
    return block;
  }

  /** Entry-wise max of the stored clock into `target`. */
  mergeInto(target: Int32Array, block: number): void {
    const data = this.data;
    const base = block * this.width;
    for (let k = 0; k < this.width; k++) {
      const carried = data[base + k];
      if (carried > target[k]) target[k] = carried;
    }
  }

  /** One more delivery will read the block (a copy of its message was made). */
  addReader(block: number): void {
    this.references[block]++;
  }

  /** One delivery of the block is done; the last frees it. */
  release(block: number): void {
    if (--this.references[block] === 0) this.free[this.freeCount++] = block;
  }

  /** Clocks stored now (for tests). */
  get inUse(): number {
    return this.capacity - this.freeCount;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    const data = new Int32Array(this.width * capacity);
    data.set(this.data);
    this.data = data;
    const references = new Int32Array(capacity);
    references.set(this.references);
    this.references = references;
    const free = new Int32Array(capacity);
    for (let block = capacity - 1; block >= old; block--) free[this.freeCount++] = block;
    this.free = free;
    this.capacity = capacity;
  }
}
