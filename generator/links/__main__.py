"""`python -m generator.links`: the link checker on its own (same options as `awesome-lam links`)."""

import argparse
import sys
from pathlib import Path

from generator.links.command import configure, run

parser = argparse.ArgumentParser(prog="python -m generator.links", description=__doc__)
parser.add_argument("--root", type=Path, default=Path.cwd(), help="the list's root folder")
configure(parser)
sys.exit(run(parser.parse_args()))
