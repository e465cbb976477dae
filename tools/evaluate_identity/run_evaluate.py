"What the `dmgd_evaluate` console script runs (`python -c` would not parse its arguments)."
from dmgd.evaluate import dmgd_evaluate
dmgd_evaluate()
