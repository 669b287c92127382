"""awesome-large-audio-models: entries -> validated catalog -> README, site, exports.

The modules form a staircase; each layer imports only the layers below it, and features never
import each other (tests/test_architecture.py checks both, and that there is no import cycle):

    cli        cli, __main__: parse arguments, call a feature
    features   readme, stats, site/ (the MkDocs plugin), links/ (link checker), meta/ (repository
               health), scaffold/ (`awesome-lam new`)
    core       catalog (the pipeline: read -> validate -> cross-check -> attach health -> Catalog),
               entry_cache (validated entries by content hash, so unchanged files are not re-checked),
               load (files and YAML with line positions), checks (value checkers), summary,
               validate (the entry schema), datafiles (taxonomy, list info, results tables),
               identity (arXiv ids, title and URL normalisation, duplicates), health (repository
               health data), http (sessions with a deadline, size caps, retry arithmetic),
               settings (typed, range-checked settings), render (Jinja environments and filters)
    model      model (Entry, Taxonomy, Catalog, ...), problems, outputs (atomic writes), schema

What two features both need moves down into core; renderers take data (a Catalog) and a
templates folder, never the list's files.
"""

__version__ = "0.1.0"
