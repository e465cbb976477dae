"""How often a two-process CPU run dies at exit, with and without `dmgd.parallel`'s exit hook.

Each trial is `torchrun --nproc_per_node 2` of a script that joins the gloo group, gathers one object
(as `dmgd_evaluate` does) and returns. `bare` makes its state with `accelerate.PartialState(cpu=True)`
alone; `dmgd` makes it with `distributed_state()`, which destroys the group at exit. A trial fails when
a process aborts in interpreter shutdown (`terminate called without an active exception`, exit -6).

    python tools/gloo_exit.py --trials 80     # about 8 minutes on 2 cores
"""
import argparse, os, subprocess, sys, tempfile
from pathlib import Path

TRIAL = """
import sys
from accelerate.utils import gather_object
if sys.argv[1] == "dmgd":
    from dmgd.parallel import distributed_state; state = distributed_state()
else:
    from accelerate import PartialState; state = PartialState(cpu=True)
gather_object([list(range(100))])
state.wait_for_everyone()
"""

def failures(kind:str, trials:int, script:Path) -> int:
    "Trials of `kind` whose launch did not exit cleanly."
    torchrun = Path(sys.executable).parent/"torchrun"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    runs = (subprocess.run([str(torchrun), "--nproc_per_node", "2", str(script), kind], capture_output=True, env=env)
            for _ in range(trials))
    return sum(r.returncode != 0 for r in runs)

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=40)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        script = Path(d)/"trial.py"; script.write_text(TRIAL)
        print(f"{'state':<6} {'trials':>6} {'died at exit':>12}")
        for kind in ("bare", "dmgd"):          # one after the other, on the same machine
            print(f"{kind:<6} {a.trials:>6} {failures(kind, a.trials, script):>12}", flush=True)
