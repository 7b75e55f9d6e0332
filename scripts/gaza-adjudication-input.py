"""Build the Gaza stratum's adjudication input (round two's protocol): one row per sampled
event on which the first coding and the Gaza coders disagree on a coded field, with each
coding under a shuffled label X/Y/Z and the key that unshuffles them (kept apart)."""
import sys
from pathlib import Path
import numpy as np
import pandas as pd

SEED = 20261208
CODED = ["pressure_on", "effect", "mode", "kind"]
folder = Path(sys.argv[1])
out = Path(sys.argv[2])
read = lambda p: pd.read_csv(p, dtype=str, keep_default_na=False)
events = read(folder.parents[2] / "events.csv").set_index("id")
first = read(folder / "first_coding.csv").set_index("id")
inp = read(folder / "input.csv").set_index("id")
coders = {n: read(folder / f"coder_{n}.csv").set_index("id") for n in ("gaza_a", "gaza_b")}
rng = np.random.default_rng(SEED)
rows, keys = [], []
for rid in inp.index:
    codings = {"first": dict(first.loc[rid, CODED], summary=events.at[rid, "summary"])}
    for n, c in coders.items():
        if rid in c.index:
            codings[n] = dict(c.loc[rid, CODED + ["summary"]])
    dispute = [f for f in CODED if len({cd[f] for cd in codings.values()}) > 1]
    if not dispute:
        continue
    names = list(codings)
    order = rng.permutation(len(names))
    labels = dict(zip("XYZ", [names[i] for i in order]))
    row = {"id": rid, "date": inp.at[rid, "date"], "actor": inp.at[rid, "actor"],
           "source_url": inp.at[rid, "source_url"], "alt_source_url": inp.at[rid, "alt_source_url"],
           "fields_in_dispute": " ".join(dispute)}
    for lab in "XYZ":
        cd = codings.get(labels.get(lab, ""), {})
        row[f"{lab}_summary"] = cd.get("summary", "")
        for f in CODED:
            row[f"{lab}_{f}"] = cd.get(f, "")
    rows.append(row)
    keys.append({"id": rid, **{lab: labels.get(lab, "") for lab in "XYZ"}})
out.mkdir(parents=True, exist_ok=True)
pd.DataFrame(rows).to_csv(out / "adjudication_input.csv", index=False)
pd.DataFrame(keys).to_csv(folder / "adjudication_key.csv", index=False)
print(len(rows), "rows;", sum(len(r["fields_in_dispute"].split()) for r in rows), "fields")
