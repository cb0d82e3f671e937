import * as tf from '@tensorflow/tfjs-core';

/**
 * A table larger than one storage binding of the device (gemma-7b's
 * embedding: 2.93 GiB in float32, above the 2 GiB an H200 binds) is held in
 * blocks of consecutive rows, each within the limit; every reader of the
 * table takes it block by block.
 */

/**
 * The row blocks a [rows, cols] matrix of `bytesPerElement` is held in so that no block passes `maxBytes`
 * (a device's binding limit; null: one block): [first, count] each, all of one size but the last.
 */
export function rowBlocks(rows: number, cols: number, bytesPerElement: number, maxBytes: number | null): [number, number][] {
  const fitting = maxBytes === null ? rows : Math.floor(maxBytes / (cols * bytesPerElement));
  if (fitting < 1) throw new Error(`rowBlocks: one row of ${cols} elements is larger than ${maxBytes} bytes`);
  const blocks = Math.ceil(rows / fitting);
  const size = Math.ceil(rows / blocks);
  return Array.from({ length: blocks }, (_, b) => [b * size, Math.min(size, rows - b * size)] as [number, number]);
}

/**
 * Rows `tokens` of a table held in row blocks: a plain gather from one block;
 * from several, each block's gather of the tokens it holds (the others read
 * its row 0 and are masked to zero), summed.
 */
export function gatherRows(blocks: tf.Tensor2D[], tokens: tf.Tensor1D): tf.Tensor2D {
  if (blocks.length === 1) return tf.gather(blocks[0]!, tokens);
  let first = 0;
  const parts = blocks.map((block) => {
    const rows = block.shape[0];
    const local = tf.sub(tokens, tf.scalar(first, 'int32'));
    const inBlock = tf.logicalAnd(tf.greaterEqual(local, tf.scalar(0, 'int32')), tf.less(local, tf.scalar(rows, 'int32'))); // [T]
    first += rows;
    const picked = tf.gather(block, tf.where(inBlock, local, tf.zerosLike(local))); // [T, hidden]
    return tf.mul(picked, tf.expandDims(tf.cast(inBlock, 'float32'), 1));
  });
  return tf.addN(parts) as tf.Tensor2D;
}
