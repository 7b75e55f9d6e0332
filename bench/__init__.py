"""`make bench`: the project's speed and memory, measured side by side in one run.

The harness lives outside the installed package (`bench.harness`); run it from the
repository's root with `python -m bench` (`--smoke` for tiny sizes).

`bench.harness` runs the steps (`main`, `STEPS`) and re-exports them; they live in
`compute` (core, null, power, explorer, export, memory), `report`, `rerun` and `checks`
(sweep, nbval, setup), on `record` (`Figure`, the table, the summary) and `measure`
(timing, the caches, the floor's notebooks). `synthetic` writes the synthetic rows.
"""
