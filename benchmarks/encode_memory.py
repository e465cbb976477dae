"""Peak memory of `dmgd.latents.encode_dataset` against dataset size.

Each configuration runs in a fresh process that encodes a synthetic dataset (images generated on the
fly, so the dataset itself holds nothing) with a small random-weight AutoencoderKL, and reports the
process's peak resident memory. Encoding streams class by class, so peak memory should stay flat when
the number of images or classes grows 10x.

    python benchmarks/encode_memory.py            # about a minute on 2 idle CPU cores
"""
import json, resource, subprocess, sys, tempfile, time

CHILD = r"""
import json, resource, sys, time, torch
from torch.utils.data import Dataset
from dmgd.latents import encode_dataset, random_vae
n, k, size, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
class Synthetic(Dataset):
    name = "synthetic"
    def __init__(self): self.classes, self.targets = [f"c{i:03d}" for i in range(k)], [i*k//n for i in range(n)]
    def __len__(self): return n
    def __getitem__(self, i):
        return torch.rand(3, size, size, generator=torch.Generator().manual_seed(i))*2 - 1, self.targets[i]
torch.set_num_threads(1)
vae = random_vae(in_channels=3)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.time()
encode_dataset(Synthetic(), vae, out, batch_size=64, progress=False)
print(json.dumps({"before_kb": base, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "s": time.time() - t0}))
"""

def run(n, k, size=16):
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", CHILD, str(n), str(k), str(size), d + "/cache"],
                           capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])

if __name__ == "__main__":
    rows = [(500, 10), (5000, 10), (5000, 100)]
    res = [run(n, k) for n, k in rows]
    base = res[0]["peak_kb"] - res[0]["before_kb"]
    print(f"{'images':>7} {'classes':>7} {'peak RSS MB':>12} {'encode growth MB':>17} {'growth / first row':>25} {'s':>6}")
    for (n, k), r in zip(rows, res):
        g = r["peak_kb"] - r["before_kb"]
        print(f"{n:>7} {k:>7} {r['peak_kb']/1024:>12.1f} {g/1024:>17.1f} {g/max(base, 1):>25.2f} {r['s']:>6.1f}")
    print(f"peak RSS ratio, 10x images: {res[1]['peak_kb']/res[0]['peak_kb']:.3f}; 10x classes too: {res[2]['peak_kb']/res[0]['peak_kb']:.3f}")
