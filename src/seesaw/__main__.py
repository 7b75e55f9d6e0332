"""`python -m seesaw` runs the command-line interface."""

from seesaw.cli import main

raise SystemExit(main())
