"""`python -m generator.meta`: the repository-health refresh on its own (as `awesome-lam meta`)."""

import argparse
import sys
from pathlib import Path

from generator.meta.command import configure, run

parser = argparse.ArgumentParser(prog="python -m generator.meta", description=__doc__)
parser.add_argument("--root", type=Path, default=Path.cwd(), help="the list's root folder")
configure(parser)
sys.exit(run(parser.parse_args()))
