"""Where IGD's guided step spends its time, measured side by side in one run on the shipped generator: for a batch of
10 images (one per class), the influence term as the package computes it (image by image: one double backward per
image and checkpoint, `influence`) against the same term batched with torch.func (`vmap` of per-image parameter
gradients, one double backward per checkpoint), checked to give the same gradient; and the decoder's share
(forward and backward of the shipped VAE decoder for the 10 latents). The surrogate is a random-weight ConvNet-3 at
the decoded images' size with the 3 checkpoints the released sampler uses (its weights do not change the cost).

    python benchmarks/igd_cost.py [--reps 3] [--threads 1]
"""
import argparse, time

import torch
import torch.nn.functional as F
from torch.func import functional_call, grad, vmap

from dmgd.generators import Generator
from dmgd.guidance.igd import differentiable_decode, influence
from dmgd.students import make_student

ap = argparse.ArgumentParser(); ap.add_argument("--reps", type=int, default=3); ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
g = Generator.from_pretrained("tiny", device="cpu")
decode = differentiable_decode(g)
z = torch.randn(10, *g.latent_shape)
C, H = decode(z[:1]).shape[1:3]
net = make_student("convnet3", C, 10, H).eval().requires_grad_(False)
ckpts = [{k: v + 0.01*e*torch.randn_like(v) for k, v in net.state_dict().items()} for e in range(3)]
P = sum(v.numel() for v in ckpts[0].values())
real = {c: torch.randn(len(ckpts), P) for c in range(10)}
cls = torch.arange(10)

def by_image(x, net=net, ckpts=ckpts, real=real):       # the package: one image at a time
    return torch.autograd.grad(sum(1 - influence(net, ckpts, real[c], x[c:c+1], c) for c in range(10)), x)[0]

def batched(x, net=net, ckpts=ckpts, real=real):        # torch.func: per-image parameter gradients of the whole batch at once
    def loss(p, xi, yi): return F.cross_entropy(functional_call(net, p, (xi[None],)), yi[None])
    R = torch.stack([real[c] for c in range(10)])
    cos = [F.cosine_similarity(torch.cat([v.flatten(1) for v in vmap(grad(loss), in_dims=(None, 0, 0))(p, x, cls).values()], 1), R[:, e], dim=1)
           for e, p in enumerate(ckpts)]
    return torch.autograd.grad((1 - torch.stack(cos).mean(0)).sum(), x)[0]

def decoder():
    zz = z.clone().requires_grad_(True)
    return torch.autograd.grad(decode(zz).sum(), zz)[0]

x = decode(z).detach().requires_grad_(True)
def rel(ga, gb): return ((ga - gb).abs().max()/ga.abs().max()).item()
d64 = dict(net=make_student("convnet3", C, 10, H).double().eval().requires_grad_(False),
           ckpts=[{k: v.double() for k, v in c.items()} for c in ckpts], real={c: r.double() for c, r in real.items()})
x64 = x.detach().double().requires_grad_(True)
print(f"max |by image - batched| / max |by image|: float64 {rel(by_image(x64, **d64), batched(x64, **d64)):.1e}, float32 {rel(by_image(x), batched(x)):.1e}")
t = {"by image": [], "batched": [], "decoder": []}
for _ in range(a.reps):                            # alternate, so load on a shared machine hits all alike
    for name, f in (("by image", lambda: by_image(x)), ("batched", lambda: batched(x)), ("decoder", decoder)):
        t0 = time.perf_counter(); f(); t[name].append(time.perf_counter() - t0)
best = {k: min(v) for k, v in t.items()}
print(f"{'part (10 images, 3 checkpoints)':<34} {'ms':>8} {'/ by image':>11}")
for k, v in best.items(): print(f"{k:<34} {v*1e3:>8.1f} {v/best['by image']:>11.2f}")
