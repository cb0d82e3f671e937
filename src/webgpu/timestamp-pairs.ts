/// <reference types="@webgpu/types" />
/**
 * GPU timestamps in pairs, for anything that times its own passes (profiles, floors, benches, the greedy loop's
 * span): a query set of two timestamps a pair, the writes a pass takes for either end of a pair, and the
 * encoder commands that resolve them into a buffer the host can read. One owner: destroy() frees all three.
 */
export class TimestampPairs {
  private readonly queries: GPUQuerySet;
  private readonly resolved: GPUBuffer;
  private readonly readable: GPUBuffer;

  constructor(device: GPUDevice, readonly pairs: number) {
    this.queries = device.createQuerySet({ type: 'timestamp', count: 2 * pairs });
    this.resolved = device.createBuffer({ size: 16 * pairs, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.readable = device.createBuffer({ size: 16 * pairs, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /** The timestampWrites of a pass that times pair `i`: its start and end, or only one of them. */
  writes(i: number, ends: 'both' | 'start' | 'end' = 'both'): GPUComputePassTimestampWrites {
    return {
      querySet: this.queries,
      ...(ends !== 'end' ? { beginningOfPassWriteIndex: 2 * i } : {}),
      ...(ends !== 'start' ? { endOfPassWriteIndex: 2 * i + 1 } : {}),
    };
  }

  /** Encodes the copy of every timestamp into the readable buffer: after the last pass that writes one. */
  resolve(encoder: GPUCommandEncoder): void {
    encoder.resolveQuerySet(this.queries, 0, 2 * this.pairs, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, this.readable, 0, 16 * this.pairs);
  }

  /** Each pair's end minus its start, in nanoseconds, once the submission holding resolve() is done. */
  async nanoseconds(): Promise<number[]> {
    await this.readable.mapAsync(GPUMapMode.READ);
    const ticks = new BigUint64Array(this.readable.getMappedRange().slice(0));
    this.readable.unmap();
    return Array.from({ length: this.pairs }, (_, i) => Number(ticks[2 * i + 1]! - ticks[2 * i]!));
  }

  destroy(): void {
    this.queries.destroy();
    this.resolved.destroy();
    this.readable.destroy();
  }
}
