"""Peak memory of training a soft-label teacher on a train split streamed from disk, against the split's size.

`dmgd_evaluate --protocol soft --train-teacher` on a folder dataset trains the teacher with `fit` reading
each batch from disk (`FolderImages` + a DataLoader), so its peak resident memory should stay flat as the
train split grows; the old path (`as_image_set` of the whole split, then `fit` in memory) grows with it.
Each configuration runs in a fresh process: one epoch of ConvNet-3 at 64 px, batch 64, on an
ImageNet-layout folder of N random 80x72 PNGs in 10 classes, written once per N. A control run streams
the smallest folder for as many steps as one epoch of the largest: what grows with the number of steps
(the allocator settling) rather than with the number of images.

    python benchmarks/teacher_memory.py                 # about 3 minutes on 2 shared CPU cores
    python benchmarks/teacher_memory.py --sizes 250,1000,4000,16000
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, torch
from dataclasses import replace
from dmgd.data import load_dataset
from dmgd.evaluate import TEACHER, FolderImages, as_image_set, fit, fit_transform, make_student, train_teacher
mode, root, out, epochs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
torch.set_num_threads(1)
p = replace(TEACHER, name="bench-teacher", epochs=((None, epochs),))
split = load_dataset(root, "train", None, 64)                       # the file list only
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.time()
if mode == "stream":
    train_teacher(FolderImages(split.samples, split.wnids, 3, fit_transform(64), "full"), out, "convnet3", None, p, progress=False)
else:                                                                # the old path: the whole split in memory
    train = as_image_set(split, "full")
    fit(make_student("convnet3", 3, len(train.classes), 64), train, p, progress=False)
print(json.dumps({"before_kb": base, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "s": time.time() - t0}))
"""

def write_split(root, n, classes=10):
    from dmgd.data import write_image_folder
    per = [n//classes + (i < n % classes) for i in range(classes)]
    write_image_folder(root, {f"n{i:08d}": ["RGB"]*k for i, k in enumerate(per)}, split="train", size=(80, 72))

def run(mode, root, out, epochs=1):
    r = subprocess.run([sys.executable, "-c", CHILD, mode, str(root), str(out), str(epochs)], capture_output=True, text=True)
    if r.returncode: sys.exit(f"{mode} on {root}: {r.stderr.strip().splitlines()[-1]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="250,1000,4000", help="comma-separated numbers of train images")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    res = {}
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            t0 = time.time(); write_split(Path(d)/f"n{n}", n); w = time.time() - t0
            res[n] = {m: run(m, Path(d)/f"n{n}", Path(d)/f"t{n}-{m}.safetensors") for m in ("stream", "memory")}
            print(f"  {n} images written in {w:.0f} s, measured", file=sys.stderr)
        control = run("stream", Path(d)/f"n{sizes[0]}", Path(d)/"control.safetensors", sizes[-1]//sizes[0])
    first = sizes[0]
    grow = lambda r: (r["peak_kb"] - r["before_kb"])/1024            # MB added by training, after imports and the file list
    print(f"{'images':>7} {'stream peak MB':>15} {'/ first':>8} {'growth MB':>10} {'in-memory peak MB':>18} {'/ first':>8} {'growth MB':>10} {'stream s':>9} {'memory s':>9}")
    for n in sizes:
        s, m = res[n]["stream"], res[n]["memory"]
        print(f"{n:>7} {s['peak_kb']/1024:>15.1f} {s['peak_kb']/res[first]['stream']['peak_kb']:>8.3f} {grow(s):>10.1f} "
              f"{m['peak_kb']/1024:>18.1f} {m['peak_kb']/res[first]['memory']['peak_kb']:>8.3f} {grow(m):>10.1f} {s['s']:>9.1f} {m['s']:>9.1f}")
    last = sizes[-1]
    print(f"control: {sizes[0]} images streamed for {last//first} epochs (the steps of one epoch of {last}): peak {control['peak_kb']/1024:.1f} MB (growth {grow(control):.1f}), "
          f"{control['peak_kb']/res[first]['stream']['peak_kb']:.3f}x the one-epoch run, {control['s']:.1f} s")
    print(f"peak RSS, {last//first}x the images: streamed {res[last]['stream']['peak_kb']/res[first]['stream']['peak_kb']:.3f}x, "
          f"in memory {res[last]['memory']['peak_kb']/res[first]['memory']['peak_kb']:.3f}x")
