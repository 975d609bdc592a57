"""`python -m newscred.cli`: the same as the `newscred` command."""

from newscred.cli import main

main()
