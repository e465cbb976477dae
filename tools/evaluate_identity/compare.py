"Compare the CSVs of two `identity.sh` runs: every column of the older one, timings aside, must be equal; new columns are listed."
import sys
import pandas as pd
TIMINGS = ["train_s", "test_s", "s_per_epoch"]
ok = True
for name in ("random", "folder"):
    a, b = pd.read_csv(f"{sys.argv[1]}/{name}.csv"), pd.read_csv(f"{sys.argv[2]}/{name}.csv")
    same = list(b.columns[:len(a.columns)]) == list(a.columns) and a.drop(columns=TIMINGS).equals(b[a.columns].drop(columns=TIMINGS))
    print(f"{name}: {'same' if same else 'DIFFERENT'} rows; new columns {[c for c in b.columns if c not in a.columns]}")
    print(b.drop(columns=TIMINGS).to_string(index=False))
    ok &= same
sys.exit(0 if ok else 1)
