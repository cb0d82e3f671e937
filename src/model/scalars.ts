import * as tf from '@tensorflow/tfjs-core';

/**
 * The scalars the forward pass multiplies and adds by (eps, 1/sqrt(D), GELU's
 * coefficients), made once per model. TF.js turns a JS number operand into a
 * new tensor on every call, and on WebGPU each of those is uploaded through a
 * fresh staging buffer that also ends the backend's compute pass: over a
 * hundred times per gemma-2b step, a cost no kernel profile shows.
 */
export class Scalars {
  private readonly made = new Map<number, tf.Scalar>();

  of(value: number): tf.Scalar {
    let s = this.made.get(value);
    if (!s) {
      s = tf.keep(tf.scalar(value));
      this.made.set(value, s);
    }
    return s;
  }

  dispose(): void {
    tf.dispose([...this.made.values()]);
    this.made.clear();
  }
}
