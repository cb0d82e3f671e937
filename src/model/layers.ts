import * as tf from '@tensorflow/tfjs-core';
import type { Scalars } from './scalars.ts';

/** rmsnorm(x, w) = x / sqrt(mean(x^2) + eps) * (1 + w); `scale` is (1 + w), precomputed at load. */
export function rmsNorm(x: tf.Tensor2D, scale: tf.Tensor1D, eps: tf.Scalar): tf.Tensor2D {
  const meanSquare = tf.mean(tf.square(x), -1, true); // [T, 1]
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), scale);
}

/** gelu_tanh(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluTanh(x: tf.Tensor2D, s: Scalars): tf.Tensor2D {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, s.of(3)), s.of(0.044715))), s.of(Math.sqrt(2 / Math.PI)));
  return tf.mul(tf.mul(x, s.of(0.5)), tf.add(tf.tanh(inner), s.of(1)));
}

/**
 * Rotary position tables for positions [0, capacity): inv_freq[i] =
 * theta^(-2i/headDim), angle = pos * inv_freq, computed in float64 on the host.
 */
export class RopeTables {
  readonly cos: tf.Tensor2D; // [capacity, D/2]
  readonly sin: tf.Tensor2D; // [capacity, D/2]

  constructor(headDim: number, theta: number, capacity: number) {
    const half = headDim / 2;
    const cos = new Float32Array(capacity * half);
    const sin = new Float32Array(capacity * half);
    for (let pos = 0; pos < capacity; pos++) {
      for (let i = 0; i < half; i++) {
        const angle = pos * Math.pow(theta, (-2 * i) / headDim);
        cos[pos * half + i] = Math.cos(angle);
        sin[pos * half + i] = Math.sin(angle);
      }
    }
    this.cos = tf.tensor2d(cos, [capacity, half]);
    this.sin = tf.tensor2d(sin, [capacity, half]);
  }

  /** "Rotate half" RoPE of x [T, H, D] at positions [pos, pos+T): pairs (i, i + D/2). */
  apply(x: tf.Tensor3D, pos: number): tf.Tensor3D {
    const [t, , d] = x.shape;
    const half = d / 2;
    const cos = tf.reshape(tf.slice(this.cos, [pos, 0], [t, half]), [t, 1, half]); // [T, 1, D/2]
    const sin = tf.reshape(tf.slice(this.sin, [pos, 0], [t, half]), [t, 1, half]);
    const [x1, x2] = tf.split(x, 2, 2) as [tf.Tensor3D, tf.Tensor3D]; // [T, H, D/2] each
    return tf.concat([tf.sub(tf.mul(x1, cos), tf.mul(x2, sin)), tf.add(tf.mul(x2, cos), tf.mul(x1, sin))], 2) as tf.Tensor3D;
  }

  dispose(): void {
    this.cos.dispose();
    this.sin.dispose();
  }
}

/** Additive causal mask [T, pos+T] for queries at [pos, pos+T): -inf where the key is after the query. */
export function causalMask(t: number, pos: number): tf.Tensor2D {
  const s = pos + t;
  const mask = new Float32Array(t * s);
  for (let i = 0; i < t; i++) for (let j = pos + i + 1; j < s; j++) mask[i * s + j] = -Infinity;
  return tf.tensor2d(mask, [t, s]);
}
