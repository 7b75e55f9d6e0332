"""Uses that vulture cannot see (read by `scripts/dead-code`, run by `make lint`).

Each name here is used by a framework that finds it by name, not by a call in the code.
"""

# pytest: module markers and autouse fixtures are found by name.
pytestmark
_own_image_cache  # tests/conftest.py, autouse
_close_pipes  # tests/test_runner.py, autouse

# pytest calls these hooks by name (tests/conftest.py).
pytest_collection_modifyitems
pytest_runtest_logreport
pytest_terminal_summary
pytest_unconfigure

# nbconvert calls a preprocessor's hook by name (seesaw.publish.report).
preprocess_cell

# Result fields written out through `dataclasses.fields` (spells.SpellsResult.as_dict).
null_mean
null_sd
dropped_cycles
