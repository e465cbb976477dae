"""An independent reference for ONE guided DMGD step, written from ../shared/DESIGN.md section 1 alone.

Nothing here calls the package's guidance code (soft labels, CFG, the DDPM step, Tweedie, OT). It loads a random
DiT-XL/2-shaped model (1000 classes + null, 4x32x32 latents, patch 2, small width) with diffusers as a user would, and
re-derives the step:

* dynamic soft labels on BOTH rows of the CFG pair, U[0,1) noise per row, one mean and one std per pair, y* among the
  distilled classes;
* DiT's own timestep sinusoid (frequencies exp(-ln(1e4) k/128));
* classifier-free guidance on the first 3 latent channels, scale 4;
* the learned-range DDPM step and the Tweedie estimate x0;
* L_OT = sum(P * C) with an unrolled 5-iteration Sinkhorn that starts from the Gibbs kernel and scales rows, then
  columns; the cost is the Euclidean distance of L2-normalised latents; the source is the class's earlier images plus
  x0 (uniform masses), the target weighted points;
* the gradient through x0 only, and the shift -rho * sigma_t * grad.

The only thing shared with the package is its documented random stream: every image draws from
`generator_for(seed, class, index, "soft-label")`, first y* (an integer below C - 1, skipping the image's own class),
then at each model call its conditional row's noise and then its null row's.

The package's step (`dmgd.sampler.guided_step` with `SoftLabels` and `OTGuidance`) must give the same mean to 1e-4
relative, and every deliberately wrong variant of the reference must not.
"""
import math

import pytest
import torch
from diffusers import DiTTransformer2DModel
from diffusers.models.embeddings import LabelEmbedding, Timesteps

from dmgd.core import generator_for
from dmgd.distill import DistillConfig
from dmgd.generators import Generator, random_dit, save_generator
from dmgd.latents import random_vae
from dmgd.guidance.ot import OTGuidance
from dmgd.sampler import guided_step
from dmgd.guidance.soft import SoftLabels

SEED, CFG, BETA_N, BETA_S, REG, ITERS = 7, 4.0, 0.06, 0.01, 0.1, 5
LABELS = [3, 150, 207, 281, 404, 511, 620, 717, 888, 999]        # the 10 distilled classes, as 1000-class model labels
CLASSES, INDEX = [0, 1, 2], [3, 3, 0]                            # images: two with 3 earlier images each, one with none


# ---------------------------------------------------------------------------------------------------- the reference
def dit_timestep_embedding(t, dim=256, max_period=10_000):
    half = dim//2
    freqs = torch.exp(-math.log(max_period)*torch.arange(half, dtype=torch.float32)/half)
    args = t[:, None].float()*freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def linear_alphas_cumprod(T=1000):
    betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)


def soft_label_rows(table, y, y_star, n_cond, n_null, t, wrong):
    "The (2B, D) class embeddings [conditional rows; null rows] of the CFG batch."
    lam = min(max((900 - t)/400, 0.0), 1.0)
    e_y, e_null = table[y], table[-1].expand(len(y), -1)
    other = BETA_S*math.sqrt(1 - lam)*table[y_star] if t <= 900 else 0
    cond = math.sqrt(lam)*e_y + BETA_N*math.sqrt(1 - lam)*n_cond + other
    null = math.sqrt(lam)*e_null + BETA_N*math.sqrt(1 - lam)*n_null + other
    if wrong == "cond_only": null = e_null
    out_c, out_n = torch.empty_like(cond), torch.empty_like(null)
    for b in range(len(y)):
        if wrong in ("row_stats", "cond_only"):
            out_c[b] = (cond[b] - cond[b].mean())/cond[b].std()*e_y[b].std() + e_y[b].mean()
            out_n[b] = null[b] if wrong == "cond_only" else (null[b] - null[b].mean())/null[b].std()*e_null[b].std() + e_null[b].mean()
        else:
            p, o = torch.stack([cond[b], null[b]]), torch.stack([e_y[b], e_null[b]])
            p = (p - p.mean())/p.std()*o.std() + o.mean()
            out_c[b], out_n[b] = p[0], p[1]
    return torch.cat([out_c, out_n])


def sinkhorn_loss(x, memory, points, masses, wrong):
    "sum(P * C) for one image: x (d,) with grad, memory (m, d), points (K, d), masses (K,)."
    src = x[None] if memory is None or wrong == "no_memory" else torch.cat([memory, x[None]])
    a = torch.full((len(src),), 1/len(src), dtype=x.dtype)
    C = torch.cdist(src/src.norm(dim=1, keepdim=True), points/points.norm(dim=1, keepdim=True))
    K = torch.exp(-C/REG)
    u, v = torch.ones_like(a), torch.ones_like(masses)
    for _ in range(ITERS):
        if wrong == "columns_first":
            v = masses/(K.T @ u); u = a/(K @ v)
        else:
            u = a/(K @ v); v = masses/(K.T @ u)
    P = u[:, None]*K*v[None]
    return (P*C).sum()


def reference_step(model, z, t, t_prev, memory, targets, rho, ot_active, wrong=None):
    "The mean of one guided DMGD step for the images CLASSES/INDEX at latent z (B, 4, 32, 32)."
    B, C = len(CLASSES), len(LABELS)
    y = torch.tensor([LABELS[c] for c in CLASSES])
    gens = [generator_for(SEED, c, j, "soft-label") for c, j in zip(CLASSES, INDEX)]
    pool = LABELS if wrong != "ystar_all_classes" else list(range(1000))
    own = [pool.index(LABELS[c]) for c in CLASSES]
    picks = [int(torch.randint(len(pool) - 1, (1,), generator=g)[0]) for g in gens]
    y_star = torch.tensor([pool[p + (p >= o)] for p, o in zip(picks, own)])
    embeds = [m for m in model.modules() if isinstance(m, LabelEmbedding)]
    D = embeds[0].embedding_table.weight.shape[1]
    draw = torch.randn if wrong == "gaussian_noise" else torch.rand
    noise = [(draw(D, generator=g), draw(D, generator=g)) for g in gens]
    n_cond, n_null = torch.stack([n[0] for n in noise]), torch.stack([n[1] for n in noise])
    lam = min(max((900 - t)/400, 0.0), 1.0)

    hooks = []
    if lam < 1 and wrong != "no_soft_labels":
        hooks += [m.register_forward_hook(lambda mod, inp, out: soft_label_rows(
            mod.embedding_table.weight, y, y_star, n_cond, n_null, t, wrong)) for m in embeds]
    if wrong != "diffusers_timesteps":
        hooks += [m.register_forward_hook(lambda mod, inp, out: dit_timestep_embedding(inp[0]))
                  for m in model.modules() if isinstance(m, Timesteps)]
    try:
        with torch.no_grad():
            out = model(torch.cat([z, z]), torch.full((2*B,), t), torch.cat([y, torch.full((B,), 1000)])).sample
    finally:
        for h in hooks: h.remove()
    cond, null = out[:B].double(), out[B:].double()
    k = 4 if wrong == "cfg_all_channels" else 3
    eps, v = cond[:, :4].clone(), cond[:, 4:]
    eps[:, :k] = null[:, :k] + CFG*(cond[:, :k] - null[:, :k])

    ac = linear_alphas_cumprod()
    ab, ab_prev = ac[t], ac[t_prev]
    beta = 1 - ab/ab_prev
    post_var = beta*(1 - ab_prev)/(1 - ab)
    frac = (v + 1)/2
    sigma = torch.exp(0.5*(frac*torch.log(beta) + (1 - frac)*torch.log(post_var)))
    zz = z.double().clone().requires_grad_(True)
    x0 = (zz - torch.sqrt(1 - ab)*eps)/torch.sqrt(ab)           # eps is a constant: the gradient flows through x0 only
    mean = torch.sqrt(ab_prev)*beta/(1 - ab)*x0.detach() + torch.sqrt(1 - beta)*(1 - ab_prev)/(1 - ab)*z.double()
    if not ot_active or wrong == "no_ot": return mean
    loss = 0
    for b, c in enumerate(CLASSES):
        pts, ms = targets[c]
        loss = loss + sinkhorn_loss(x0[b].flatten(), memory.get((c, INDEX[b])), pts.flatten(1).double(), ms.double(), wrong)
    grad, = torch.autograd.grad(loss, zz)
    if wrong == "no_sigma": return mean - rho*grad
    return mean - rho*sigma*grad


# ---------------------------------------------------------------------------------------------------- the setting
@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    root = tmp_path_factory.mktemp("dit-xl-2-shaped")
    save_generator(root, random_dit(num_classes=1000, sample_size=32, patch_size=2, layers=2, heads=2, head_dim=16, seed=3),
                   random_vae(in_channels=3))
    user_model = DiTTransformer2DModel.from_pretrained(root, subfolder="transformer").eval()   # what the reference runs
    gen = Generator.from_pretrained(str(root), device="cpu")                                   # what the package runs
    g = torch.Generator().manual_seed(0)
    z = torch.randn(len(CLASSES), 4, 32, 32, generator=g)
    earlier = {c: torch.randn(3, 4, 32, 32, generator=g) for c in range(3)}                   # images 0..2 of each class
    # weighted points, three of them near the class's earlier images: costs from ~0.3 to ~1.4, so 5 Sinkhorn iterations
    # are far from converged and the order of the scalings shows
    targets = {c: (torch.cat([earlier[c] + 0.3*torch.randn(3, 4, 32, 32, generator=g), torch.randn(7, 4, 32, 32, generator=g)]),
                   torch.distributions.Dirichlet(torch.ones(10)).sample()) for c in range(3)}
    memory = {(c, j): earlier[c][:j].flatten(1).double() for c, j in zip(CLASSES, INDEX) if j > 0}
    return user_model, gen, z, earlier, targets, memory


def package_step(gen, z, t, t_prev, earlier, targets, rho, i):
    soft = SoftLabels(labels=LABELS, seed=SEED)
    ot = OTGuidance(targets, rho=rho, steps=DistillConfig().options(OTGuidance).window(50))   # the package's window: steps 4..19 of 50
    for j in range(3):                                            # the progressive memory: images 0..2 of each class
        ot.end(torch.arange(3), torch.full((3,), j), torch.stack([earlier[c][j] for c in range(3)]))
    classes, index = torch.tensor(CLASSES), torch.tensor(INDEX)
    soft.begin(classes, index)
    st = guided_step(gen, z, t, t_prev, torch.tensor([LABELS[c] for c in CLASSES]), [soft, ot], CFG, classes, index, i=i, n=50)
    return st.mean.double()


def rel(a, b): return ((a - b).abs().max()/b.abs().max()).item()


# (sampling step i of 50, t, t_prev): inside the soft-label ramp and the OT window; the exploration stage and the
# window's first step; the ramp after the window
STEPS = [(10, 795, 775), (4, 917, 897), (20, 591, 571)]
RHOS = [0.5, 2000.0]       # the paper's (the shift is tiny at this size) and one where the OT shift is a large part of the step


@pytest.mark.parametrize("i,t,t_prev", STEPS)
@pytest.mark.parametrize("rho", RHOS)
def test_package_step_matches_reference(setting, i, t, t_prev, rho):
    model, gen, z, earlier, targets, memory = setting
    ot_active = 612 <= t <= 917
    ref = reference_step(model, z, t, t_prev, memory, targets, rho, ot_active)
    got = package_step(gen, z, t, t_prev, earlier, targets, rho, i)
    assert rel(got, ref) < 1e-4, rel(got, ref)
    if ot_active and rho > 1:                     # the OT shift itself is matched, not drowned in the mean
        plain = reference_step(model, z, t, t_prev, memory, targets, rho, ot_active, wrong="no_ot")
        assert rel(got - plain, ref - plain) < 1e-3 and (ref - plain).abs().max() > 1e-2*ref.abs().max()


WRONG = ["cond_only", "row_stats", "gaussian_noise", "ystar_all_classes", "no_soft_labels", "diffusers_timesteps",
         "cfg_all_channels", "columns_first", "no_memory", "no_sigma", "no_ot"]


@pytest.mark.parametrize("wrong", WRONG)
def test_each_wrong_term_is_caught(setting, wrong):
    "A reference with any one term changed no longer matches the package: the comparison above can fail."
    model, gen, z, earlier, targets, memory = setting
    i, t, t_prev = STEPS[0]
    got = package_step(gen, z, t, t_prev, earlier, targets, RHOS[1], i)
    bad = reference_step(model, z, t, t_prev, memory, targets, RHOS[1], True, wrong=wrong)
    assert rel(got, bad) > 1e-3, (wrong, rel(got, bad))
