/**
 * What a Hugging Face Gemma checkpoint directory holds: its file names, and
 * every tensor the model needs with the shape its config implies.
 */
import type { ModelConfig } from './config.ts';

export const CONFIG_FILE = 'config.json';
export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

/** Every tensor the forward pass needs, under its Gemma name; linear weights are [out, in]. */
export function expectedTensorShapes(config: ModelConfig): Map<string, number[]> {
  const { vocabSize, hidden, intermediate, heads, kvHeads, headDim } = config;
  const shapes = new Map<string, number[]>();
  shapes.set('model.embed_tokens.weight', [vocabSize, hidden]);
  for (let i = 0; i < config.layers; i++) {
    const p = `model.layers.${i}`;
    shapes.set(`${p}.input_layernorm.weight`, [hidden]);
    shapes.set(`${p}.self_attn.q_proj.weight`, [heads * headDim, hidden]);
    shapes.set(`${p}.self_attn.k_proj.weight`, [kvHeads * headDim, hidden]);
    shapes.set(`${p}.self_attn.v_proj.weight`, [kvHeads * headDim, hidden]);
    shapes.set(`${p}.self_attn.o_proj.weight`, [hidden, heads * headDim]);
    shapes.set(`${p}.post_attention_layernorm.weight`, [hidden]);
    shapes.set(`${p}.mlp.gate_proj.weight`, [intermediate, hidden]);
    shapes.set(`${p}.mlp.up_proj.weight`, [intermediate, hidden]);
    shapes.set(`${p}.mlp.down_proj.weight`, [hidden, intermediate]);
  }
  shapes.set('model.norm.weight', [hidden]);
  return shapes;
}
