"""What DMGD's guidance costs at the real path's shapes, against the plain CFG step it rides on, in one run.

A `DiTTransformer2DModel` shaped like DiT-XL/2 (28 layers, 16 heads x 72 = 1152 wide, patch 2, 4x32x32 latents,
1000 classes + the null class, learned sigma), with random weights (only shapes matter for time), wrapped in the
package's own `dmgd.generators.Generator` (CFG on the first 3 channels, as for DiT-XL/2). Timed, per image:

- the plain CFG step: `Generator.guided_eps` (the conditional and the null row, one network call) + `step_stats`;
- the same step with the dynamic soft-label hook (`dmgd.guidance.soft.SoftLabels`) in every block's `LabelEmbedding`;
- the OT term (`dmgd.ot.OTGuidance.mean_shift`: Sinkhorn, 5 iterations, against K = 10 weighted centroids), with
  0, 9 and 49 earlier images of the class in the progressive memory (image 1, 10 and 50 of IPC 50);
- K-means (K = 10, `dmgd.ot.approximate_target`, sklearn) of one class of 1,300 latents of 4x32x32 (ImageNet-1K's
  largest classes), once per class;

and one DiT-XL/2 forward is counted with `torch.utils.flop_counter.FlopCounterMode` (FLOPs, i.e. 2 per
multiply-add: DiT's paper's 118.6 "Gflops" are multiply-adds).

The DiT forward runs at full size, one image (2 rows with CFG, `chunk=2`) per step; on this CPU that is several
seconds a step, so --reps is small. The guidance terms never run the DiT (the OT gradient goes through x̂0 only), so
their cost does not depend on the network. The table gives each one's share of the CPU step measured here, and of
a step at the README's projected A100 speed with the term still at this CPU's speed (an upper bound).

    python benchmarks/realpath_cost.py                 # ~5-10 minutes here (2 shared cores, 1 thread)
    python benchmarks/realpath_cost.py --reps 1 --threads 2
"""
import argparse, statistics, time

import torch
from diffusers import AutoencoderKL, DiTTransformer2DModel
from threadpoolctl import threadpool_limits
from torch.utils.flop_counter import FlopCounterMode

from dmgd.generators import Generator, step_stats
from dmgd.guidance.ot import OTGuidance
from dmgd.ot import approximate_target
from dmgd.sampler import Step
from dmgd.guidance.soft import SoftLabels


def timed(f, reps, warm=True):
    if warm: f()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def dit_xl2(seed=0, layers=28):
    "DiT-XL/2's shapes with random weights, in eval mode."
    torch.manual_seed(seed)
    return DiTTransformer2DModel(num_attention_heads=16, attention_head_dim=72, in_channels=4, out_channels=8, num_layers=layers,
                                 sample_size=32, patch_size=2, num_embeds_ada_norm=1000).eval()


def sd_vae():
    "SD-VAE's shapes (sd-vae-ft-ema: 4 stages of 128-512 channels, 4 latent channels), for counting."
    return AutoencoderKL(in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",)*4, up_block_types=("UpDecoderBlock2D",)*4,
                         block_out_channels=(128, 256, 512, 512), layers_per_block=2, latent_channels=4, sample_size=256).eval()


def count_flops(f):
    "FLOPs of `f()` (2 per multiply-add), by `FlopCounterMode`."
    with FlopCounterMode(display=False) as fc, torch.no_grad(): f()
    return fc.get_total_flops()


def tiny_vae():
    "A small 4-channel `AutoencoderKL`: `Generator` needs one; nothing here decodes."
    return AutoencoderKL(block_out_channels=(8,), down_block_types=("DownEncoderBlock2D",), up_block_types=("UpDecoderBlock2D",),
                         latent_channels=4, norm_num_groups=4).eval()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=2); ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ot-reps", type=int, default=5)
    ap.add_argument("--layers", type=int, default=28, help="fewer blocks for a quick look (the FLOP count stays DiT-XL/2's)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    tr = dit_xl2(layers=a.layers)
    # chunk 2: one image's CFG pair is one network call (the default chunk of 16 would pad it to 16 rows)
    gen = Generator(tr, tiny_vae(), cfg_channels=3, chunk=2, name="dit-xl2-shaped")
    n_params = sum(p.numel() for p in tr.parameters())
    print(f"DiT-XL/2-shaped model: {n_params/1e6:.1f} M parameters, built in {time.perf_counter() - t0:.0f} s", flush=True)

    z, labels = torch.randn(1, 4, 32, 32), torch.tensor([207])
    # Counted on the meta device (shapes only, no arithmetic): on the CPU, attention runs in a fused SDPA kernel that
    # FlopCounterMode has no formula for, and the count would miss its 8.4 GFLOP.
    with torch.device("meta"): meta_dit, vae = dit_xl2(), sd_vae()
    flops = count_flops(lambda: meta_dit(torch.zeros(1, 4, 32, 32, device="meta"), torch.tensor([500], device="meta"),
                                         torch.tensor([207], device="meta")))
    print(f"DiT-XL/2, one forward, one image: {flops/1e9:.1f} GFLOP = {flops/2e9:.1f} G multiply-adds (DiT's table: 118.6)", flush=True)
    dec = count_flops(lambda: vae.decode(torch.zeros(1, 4, 32, 32, device="meta")))
    enc = count_flops(lambda: vae.encode(torch.zeros(1, 3, 256, 256, device="meta")))
    print(f"SD-VAE ({sum(p.numel() for p in vae.parameters())/1e6:.1f} M parameters), one image: decode 4x32x32 -> 256x256 "
          f"{dec/1e9:.0f} GFLOP, encode {enc/1e9:.0f} GFLOP", flush=True)

    t, t_prev = 700, 680                                      # inside the soft-label window (500 < t < 900) and the OT window
    def cfg_step(embed=None):
        eps, v = gen.guided_eps(z, t, labels, 4.0, embed)
        return step_stats(z, eps, v, t, t_prev, gen.alphas_cumprod)
    soft = SoftLabels(num_classes=1000, seed=0)
    soft.begin(labels, torch.tensor([0]))
    st = Step(i=30, n=50, t=torch.full((1,), t), t_prev=t_prev, z=z, classes=labels, index=torch.tensor([0]))
    times = {}
    for _ in range(a.reps):                                   # alternate, so that load hits both alike
        times.setdefault("plain CFG step", []).append(timed(cfg_step, 1, warm=not times))
        times.setdefault("CFG step + soft-label hook", []).append(timed(lambda: cfg_step(soft.embedding(st)), 1, warm=False))
    plain, hooked = min(times["plain CFG step"]), min(times["CFG step + soft-label hook"])
    print(f"plain CFG step {plain:.2f} s, with soft-label hook {hooked:.2f} s (best of {a.reps})", flush=True)
    # the hook's own work, measured alone: what it computes in each of the 28 blocks' LabelEmbedding per network call
    table = tr.transformer_blocks[0].norm1.emb.class_embedder.embedding_table.weight
    rows, yy = torch.arange(2), torch.tensor([207, 1000])
    embed = soft.embedding(st)
    hook_s = timed(lambda: [embed(table, yy, rows) for _ in range(len(tr.transformer_blocks))], 20)

    x0, mean, std, ab = cfg_step()
    st.eps, st.x0, st.mean, st.std, st.alpha_bar = gen.guided_eps(z, t, labels)[0], x0, mean, std, ab.expand(1, 1, 1, 1)
    real = torch.randn(1300, 4, 32, 32)*0.8 + torch.randn(10, 4, 32, 32).repeat_interleave(130, 0)   # 10 synthetic modes
    with threadpool_limits(a.threads):
        t0 = time.perf_counter(); target = approximate_target(real, k=10); kmeans_s = time.perf_counter() - t0
    ot_s = {}
    for m in (0, 9, 49):
        ot = OTGuidance({207: target}, rho=0.5)
        ot.memory = {207: {k: torch.randn(4, 32, 32) for k in range(m)}}
        st.index = torch.tensor([m])
        ot_s[m] = timed(lambda: ot.mean_shift(st), a.ot_reps)

    print(f"\ntorch {torch.__version__}, {a.threads} thread(s), {a.layers} blocks; per image, per sampling step, all on this CPU\n")
    print(f"{'what':<44} {'seconds':>9} {'/ plain CFG step':>17}")
    rows_out = [("plain CFG step (DiT-XL/2, 2 rows)", plain), ("CFG step with the soft-label hook", hooked),
                (f"soft-label hook alone ({len(tr.transformer_blocks)} blocks)", hook_s)] + \
               [(f"OT term, memory {m} (image {m + 1})", s) for m, s in ot_s.items()]
    for what, s in rows_out: print(f"{what:<44} {s:>9.4f} {s/plain:>17.4f}")
    print(f"{'K-means, 1,300 latents of 4x32x32 (once)':<44} {kmeans_s:>9.3f} {kmeans_s/plain:>17.4f}")
    print(f"\nFor scale: the README's A100 assumption (60 TFLOP/s) gives a plain CFG step of 2 x {flops/1e9:.1f} GFLOP / 60 TFLOP/s "
          f"= {2e3*flops/60e12:.1f} ms per image. The step with and without the hook differ by the noise of a shared machine; "
          "the hook's own work, measured alone, is the figure to read.")
