#!/usr/bin/env python3
"""A peer measured in the same call as the lab: Hugging Face transformers' Gemma on the
same GPU, random weights of the gemma-2b/7b shapes (no checkpoint download), prompt of
--prompt-len tokens run in parallel (one forward over the prompt: the prefill and its
first token's logits), timed with CUDA events after warm-ups; median and spread of --runs.

  python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024
prints one JSON line: {"peer": "transformers", "model", "dtype", "promptLen", "ms": [...], "medianMs"}.
"""
import argparse
import json
import statistics

import torch
from transformers import GemmaConfig, GemmaForCausalLM

SHAPES = {
    "gemma-2b": dict(vocab_size=256000, hidden_size=2048, intermediate_size=16384, num_hidden_layers=18,
                     num_attention_heads=8, num_key_value_heads=1, head_dim=256),
    "gemma-7b": dict(vocab_size=256000, hidden_size=3072, intermediate_size=24576, num_hidden_layers=28,
                     num_attention_heads=16, num_key_value_heads=16, head_dim=256),
}


def forward(model, ids):
    # logits_to_keep (transformers >= 4.50; num_logits_to_keep before) spares the [T, vocab] logits the lab never makes.
    for kw in ("logits_to_keep", "num_logits_to_keep"):
        try:
            return model(input_ids=ids, use_cache=True, **{kw: 1}).logits
        except TypeError:
            continue
    return model(input_ids=ids, use_cache=True).logits


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="gemma-2b", choices=sorted(SHAPES))
    p.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    p.add_argument("--prompt-len", type=int, default=1024)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--attn", default="sdpa", help="attn_implementation: sdpa (PyTorch's fused attention) or eager")
    a = p.parse_args()
    dtype = getattr(torch, a.dtype)
    config = GemmaConfig(**SHAPES[a.model], max_position_embeddings=8192, rms_norm_eps=1e-6, rope_theta=10000.0,
                         hidden_activation="gelu_pytorch_tanh", attn_implementation=a.attn, torch_dtype=dtype)
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = GemmaForCausalLM(config).to(dtype).eval()
    ids = torch.randint(0, config.vocab_size, (1, a.prompt_len), device="cuda")
    times = []
    with torch.inference_mode():
        for i in range(a.warmup + a.runs):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            logits = forward(model, ids)  # the prompt, its cache, the last position's logits
            token = logits[0, -1].argmax()
            end.record()
            torch.cuda.synchronize()
            if i >= a.warmup:
                times.append(start.elapsed_time(end))
    print(json.dumps({"peer": "transformers", "model": a.model, "dtype": a.dtype, "promptLen": a.prompt_len, "attn": a.attn,
                      "ms": [round(t, 3) for t in times], "medianMs": round(statistics.median(times), 3), "token": int(token)}))


if __name__ == "__main__":
    main()
