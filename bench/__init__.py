"""`make bench`: the project's speed and memory, measured side by side in one run.

The harness lives outside the installed package (`bench.harness`); run it from the
repository's root with `python -m bench` (`--smoke` for tiny sizes).
"""
