"""`python -m labeltrack`."""

from labeltrack.cli import main

main()
