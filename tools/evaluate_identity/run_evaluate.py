"What the `dmgd_evaluate` console script runs (`python -c` would not parse its arguments), in this checkout or an older one."
try: from dmgd.cli import dmgd_evaluate              # with the other commands
except ImportError: from dmgd.evaluate import dmgd_evaluate   # a checkout from before it moved
dmgd_evaluate()
