"""Kill a run with SIGKILL at a random (seeded) moment, rerun it: the output is the uninterrupted run's, byte for byte
(issue 6, item 2). A finished run does nothing and says so; other arguments are refused unless --overwrite.
The killed runs are the console scripts in their own process; the reruns call the same functions in this process."""
import json, os, random, signal, subprocess, time
from pathlib import Path

from conftest import BIN, DISTILL, DISTILL_KW, cli, env, same_tree


def kill_when(tmp, cmd, ready, seed, new_session=False):
    """Start `cmd`, wait until `ready()` (a random point of the work, chosen by `seed`), sleep a random few ms, SIGKILL it
    (and its whole process group: torchrun's workers too). Returns once it is dead."""
    p = subprocess.Popen([str(c) for c in cmd], env=env(tmp), cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=new_session)
    t0 = time.time()
    while not ready() and p.poll() is None and time.time() - t0 < 300: time.sleep(0.005)
    time.sleep(random.Random(seed).uniform(0, 0.05))
    (os.killpg(p.pid, signal.SIGKILL) if new_session else p.send_signal(signal.SIGKILL)); p.wait()
    assert p.returncode == -signal.SIGKILL, f"the run ended by itself before the kill ({p.returncode})"


def pngs(out): return len(list(Path(out).rglob("*.png")))
def stamps(folder): return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_encode_killed_and_resumed(work, ref_cache):
    out = work/"killed-cache"
    k = random.Random(6).randint(1, 8)                              # killed after the k-th of 10 class files
    kill_when(work, [BIN/"dmgd_encode", "--cache", out, "--batch-size", "128"],
              lambda: len(list(out.glob("*.safetensors"))) >= k, seed=6)
    assert 0 < len(list(out.glob("*.safetensors"))) < 10
    code, so, _ = cli("dmgd_encode", cache=str(out), batch_size=128)
    assert code == 0 and "nothing to do" not in so
    same_tree(ref_cache, out, skip=())
    assert not list(out.glob(".*.tmp"))
    before = stamps(out)
    code, so, _ = cli("dmgd_encode", cache=str(out), batch_size=128)                     # finished: does nothing
    assert code == 0 and "already complete, nothing to do" in so, so
    assert stamps(out) == before
    code, _, se = cli("dmgd_encode", cache=str(out), batch_size=64)                      # another configuration
    assert code == 2 and "made with a different batch_size; use another --cache folder" in se, se
    assert stamps(out) == before


def test_distill_killed_and_resumed(work, ref_cache, ref_out):
    out = work/"killed-out"
    k = random.Random(7).randint(1, 30)                             # killed after the k-th of 40 images: at most 3/4 done
    kill_when(work, [BIN/"dmgd_distill", "--cache", ref_cache, *DISTILL, "--out", out], lambda: pngs(out) >= k, seed=7)
    assert not (out/"timings.json").exists() and pngs(out) < 40
    args = dict(cache=str(ref_cache), **DISTILL_KW, out=str(out))
    assert cli("dmgd_distill", **args)[0] == 0
    same_tree(ref_out, out)
    assert not list(out.rglob("*.tmp"))
    before = stamps(out)
    code, so, _ = cli("dmgd_distill", **args)                                             # finished: does nothing
    assert code == 0 and "already complete (4 images per class); nothing to do" in so, so
    assert stamps(out) == before
    code, _, se = cli("dmgd_distill", **args, seed=1)                                     # other arguments: refused
    assert code == 2 and se.count("\n") == 1, se
    assert "holds a run with another seed; use another --out or --overwrite" in se, se
    assert stamps(out) == before
    assert cli("dmgd_distill", **args, seed=1, overwrite=True)[0] == 0                   # unless told to overwrite
    assert '"seed": 1' in (out/"manifest.json").read_text() and not same_png(out, ref_out)


def same_png(a, b): return (Path(a)/"0"/"00000.png").read_bytes() == (Path(b)/"0"/"00000.png").read_bytes()


def test_two_processes_killed_resumed_by_one(work, ref_cache, ref_out):
    "A torchrun run killed mid-way (its per-process latents parts on disk) is finished by one process, to the same bytes."
    out = work/"killed-par-out"
    k = random.Random(8).randint(1, 30)
    kill_when(work, [BIN/"torchrun", "--nproc_per_node", 2, "--no-python", BIN/"dmgd_distill", "--cache", ref_cache, *DISTILL,
                     "--out", out], lambda: pngs(out) >= k, seed=8, new_session=True)
    assert not (out/"timings.json").exists()
    assert cli("dmgd_distill", cache=str(ref_cache), **DISTILL_KW, out=str(out))[0] == 0
    same_tree(ref_out, out)
    assert not list(out.glob("*part*")) and not list(out.rglob("*.tmp"))


def test_finetune_killed_and_resumed(work, ref_cache):
    "dmgd_finetune killed (SIGKILL) after a checkpoint, rerun: the weights and loss history of an uninterrupted run."
    from conftest import run
    args = ["--cache", ref_cache, "--steps", 200, "--ckpt-every", 20, "--log-every", 10, "--quiet"]
    straight, killed = work/"ft-straight", work/"ft-killed"
    run(work, "dmgd_finetune", *args, "--out", straight)
    ckpt = work/".ft-killed.finetune"/"checkpoint.safetensors"
    kill_when(work, [BIN/"dmgd_finetune", *args, "--out", killed], ckpt.exists, seed=9)
    assert not killed.exists() and ckpt.exists()
    r = run(work, "dmgd_finetune", *args, "--out", killed)
    assert "200 steps" in r.stdout, r.stdout
    a, b = (json.loads((p/"finetune.json").read_text()) for p in (straight, killed))
    assert a["sha256"] == b["sha256"] and a["history"] == b["history"]
    assert not ckpt.parent.exists()
    before = stamps(killed)
    assert "already complete; nothing to do" in run(work, "dmgd_finetune", *args, "--out", killed).stdout   # finished: does nothing
    assert stamps(killed) == before
