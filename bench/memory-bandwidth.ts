/**
 * This machine's memory bandwidth, from a large copy between two buffers far
 * bigger than any cache: bytes read + bytes written over the median time.
 */
export function measureCopyBandwidth(bytes = 512 * 1024 * 1024, repeats = 7): { gbPerS: number; bytes: number } {
  const src = new Float64Array(bytes / 8);
  const dst = new Float64Array(bytes / 8);
  for (let i = 0; i < src.length; i += 512) src[i] = i; // touch every page so the copy does not time page faults
  dst.set(src);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    dst.set(src);
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { gbPerS: (2 * bytes) / median / 1e9, bytes };
}
