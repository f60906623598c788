"""`python -m proposals`: the same command as `proposals`, whichever Python runs it."""

from .cli import run

run()
