"""awesome-large-audio-models: entries -> validated catalog -> README, site, exports.

The folders are the layers, lowest first; each imports only from its own layer and the ones
below it, and features never import each other (tests/test_architecture.py checks it):

    lib/         knows nothing of the list: HTTP with deadlines, URLs and the private-address
                 guard, arXiv ids and the arXiv API's Atom, text and terminal escaping, atomic
                 files, typed settings
    model/       the typed objects every layer speaks: Entry, Taxonomy, Catalog, Problem
    core/        entries -> a validated Catalog: load, field types, rules, identity, catalog
    outputs/     Catalog -> every format a list is written as: README, CONTRIBUTING, stats,
                 entries.json, BibTeX, feed; used by `build` and by the site alike
    features/    links (link checker), meta (repository health), new (entry scaffold),
                 discover (new papers on arXiv, ranked), site (the MkDocs plugin)
    cli.py       the command line: one registry of commands
"""

__version__ = "0.1.0"
"""The version of the tools (pyproject.toml reads it from here)."""
HOMEPAGE = "https://github.com/EmulationAI/awesome-large-audio-models"
"""Where the tools live: named in the User-Agent of every request they make."""


def user_agent(tool: str) -> str:
    """The User-Agent of every request a tool makes: `Mozilla/5.0 (compatible; awesome-lam-links/0.1.0; +HOMEPAGE)`.

    "Mozilla/5.0 (compatible; ...)" is how crawlers introduce themselves; servers that refuse
    unknown clients still answer it, and the homepage says who is asking.
    """
    return f"Mozilla/5.0 (compatible; awesome-lam-{tool}/{__version__}; +{HOMEPAGE})"
