/** A binary min-heap of (id, dueMs). Stale entries are skipped lazily by the caller's check. */
export class DueHeap {
  private readonly ids: string[] = [];
  private readonly dues: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  push(id: string, dueMs: number): void {
    this.ids.push(id);
    this.dues.push(dueMs);
    this.up(this.ids.length - 1);
  }

  /** The earliest due time, or undefined when empty. */
  peekDue(): number | undefined {
    return this.dues[0];
  }

  pop(): { id: string; dueMs: number } | undefined {
    const id = this.ids[0];
    const dueMs = this.dues[0];
    if (id === undefined || dueMs === undefined) return undefined;

    const lastId = this.ids.pop() as string;
    const lastDue = this.dues.pop() as number;
    if (this.ids.length > 0) {
      this.ids[0] = lastId;
      this.dues[0] = lastDue;
      this.down(0);
    }

    return { id, dueMs };
  }

  clear(): void {
    this.ids.length = 0;
    this.dues.length = 0;
  }

  private swap(a: number, b: number): void {
    [this.ids[a], this.ids[b]] = [this.ids[b] as string, this.ids[a] as string];
    [this.dues[a], this.dues[b]] = [this.dues[b] as number, this.dues[a] as number];
  }

  private due(i: number): number {
    return this.dues[i] ?? Number.POSITIVE_INFINITY;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.due(parent) <= this.due(i)) return;
      this.swap(parent, i);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.due(left) < this.due(smallest)) smallest = left;
      if (right < n && this.due(right) < this.due(smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
