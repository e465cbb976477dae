"A small synthetic-looking folder: 2 real mnist5k digits per class (subset seed 0), as PNGs, with a manifest naming seed 3."
import json, sys
from pathlib import Path
from PIL import Image
from dmgd.data import Mnist5k
from dmgd.evaluate import as_image_set, real_subset
root = Path(sys.argv[1])
s = real_subset(as_image_set(Mnist5k("train")), 2, seed=0)
for j, (x, y) in enumerate(zip(s.images, s.targets)):
    d = root/s.classes[y]; d.mkdir(parents=True, exist_ok=True)
    Image.fromarray(x[0].numpy()).save(d/f"{j:05d}.png")
(root/"manifest.json").write_text(json.dumps({"config": {"method": "dit", "seed": 3, "ipc": 2}}))
