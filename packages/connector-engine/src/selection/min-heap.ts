/**
 * A binary min-heap of item indices ordered by a numeric priority (lower first). Specialised to
 * numbers in typed arrays because the index build pushes and pops every range once.
 */
export class IndexMinHeap {
  private readonly heap: Int32Array;
  private length = 0;

  constructor(
    capacity: number,
    private readonly priority: Float64Array,
  ) {
    this.heap = new Int32Array(Math.max(capacity, 1));
  }

  /** The index with the lowest priority, or -1 when empty. */
  peek(): number {
    return this.length > 0 ? (this.heap[0] as number) : -1;
  }

  push(item: number): void {
    const { heap, priority } = this;
    const itemPriority = priority[item] as number;
    let child = this.length;
    this.length += 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const parentItem = heap[parent] as number;
      if ((priority[parentItem] as number) <= itemPriority) break;
      heap[child] = parentItem;
      child = parent;
    }
    heap[child] = item;
  }

  pop(): void {
    const { heap, priority } = this;
    if (this.length === 0) return;
    this.length -= 1;
    const last = heap[this.length] as number;
    const lastPriority = priority[last] as number;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= this.length) break;
      const right = left + 1;
      let child = left;
      if (right < this.length && (priority[heap[right] as number] as number) < (priority[heap[left] as number] as number)) {
        child = right;
      }
      const childItem = heap[child] as number;
      if ((priority[childItem] as number) >= lastPriority) break;
      heap[parent] = childItem;
      parent = child;
    }
    heap[parent] = last;
  }
}
