"""The run: executing the notebooks, the execution cache, all-or-nothing placement, the benchmarks."""
