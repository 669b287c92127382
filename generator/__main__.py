"""`python -m generator` runs the `awesome-lam` command line."""

import sys

from generator.cli import main

sys.exit(main())
