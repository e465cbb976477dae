"""Byte identity of `dmgd_distill` across a change: build an IPC-3 set for every method (and the `--ot-scale particle`
variant) into ROOT/<name>, then compare two such roots file by file (sha256; the manifest included, timings.json not:
it records seconds).

    python tools/byte_identity.py build /work/bytes/before [--pythonpath SNAPSHOT]   # e.g. a `git archive` of the base commit
    python tools/byte_identity.py build /work/bytes/after
    python tools/byte_identity.py compare /work/bytes/before /work/bytes/after
    python tools/byte_identity.py resume /work/bytes/before /tmp/resumed --only dmgd d4m   # an old output, cut short, finished now

Every run uses one thread and the same $DMGD_CACHE (the mnist5k latents and IGD's surrogate are made once and shared)."""
import argparse, hashlib, json, os, shutil, subprocess, sys, time
from pathlib import Path

RUNS = {m: ["--method", m] for m in ("dit", "sm", "dm", "dmgd", "mgd3", "dm-plus", "dmgd-plus", "d4m", "igd")}
RUNS["dmgd-particle"] = ["--method", "dmgd", "--ot-scale", "particle", "--rho", "0.005"]
SKIP = ("timings.json",)


def build(root:Path, pythonpath:str|None, only:list):
    exe = Path(sys.executable).parent/"dmgd_distill"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TQDM_DISABLE": "1", "HF_HUB_OFFLINE": "1"}
    if pythonpath: env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    for name, args in RUNS.items():
        if only and name not in only: continue
        out = root/name
        if out.exists(): shutil.rmtree(out)
        t0 = time.time()
        r = subprocess.run([str(exe), "--ipc", "3", *args, "--out", str(out)], env=env, capture_output=True, text=True)
        print(f"{name}: exit {r.returncode} in {time.time() - t0:.0f} s {r.stdout.strip()[-120:]}", flush=True)
        if r.returncode: print(r.stderr[-3000:], file=sys.stderr); sys.exit(1)


def resume(old:Path, work:Path, only:list):
    """Each old output (made by the base commit) copied and cut back to its first two image indices, as a killed run leaves it
    (its manifest incomplete), then finished by this checkout's `dmgd_distill`: the same files as the old output."""
    exe = Path(sys.executable).parent/"dmgd_distill"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TQDM_DISABLE": "1", "HF_HUB_OFFLINE": "1"}
    bad = 0
    for name, args in RUNS.items():
        if only and name not in only: continue
        out = work/name
        if out.exists(): shutil.rmtree(out)
        shutil.copytree(old/name, out)
        for p in [out/"timings.json", out/"latents-00002.safetensors", *out.glob("*/00002.png")]: p.unlink()
        man = json.loads((out/"manifest.json").read_text()); man["complete"] = False; man.pop("files")
        (out/"manifest.json").write_text(json.dumps(man, indent=2, sort_keys=True) + "\n")
        r = subprocess.run([str(exe), "--ipc", "3", *args, "--out", str(out)], env=env, capture_output=True, text=True)
        same = r.returncode == 0 and digests(out) == digests(old/name)
        print(f"{name:14s} resumed: exit {r.returncode}, {'identical to the old output' if same else 'DIFFERENT'}", flush=True)
        if r.returncode: print(r.stderr[-3000:], file=sys.stderr)
        bad += not same
    return bad


def digests(folder:Path):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in SKIP}


def compare(a:Path, b:Path):
    bad = 0
    for name in RUNS:
        da, db = digests(a/name), digests(b/name)
        same = da == db and len(da) > 0
        diff = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
        print(f"{name:14s} {len(da):3d} files  {'identical' if same else 'DIFFER: ' + ', '.join(diff[:5])}")
        bad += not same
    print(f"{len(RUNS) - bad} of {len(RUNS)} runs identical")
    return bad


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cmd", choices=("build", "compare", "resume"))
    ap.add_argument("roots", nargs="+", type=Path)
    ap.add_argument("--pythonpath", help="import dmgd from here instead (e.g. a snapshot of the base commit)")
    ap.add_argument("--only", nargs="*", default=[], help="build only these runs")
    a = ap.parse_args()
    if a.cmd == "build": build(a.roots[0], a.pythonpath, a.only)
    elif a.cmd == "resume": sys.exit(1 if resume(*a.roots[:2], a.only) else 0)
    else: sys.exit(1 if compare(*a.roots[:2]) else 0)
