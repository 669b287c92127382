"""Every check of the list as a registered rule (registry.py), grouped by what it reads:

    files.py     the files themselves: readable text, front matter, plain YAML, place in the tree
    fields.py    each front-matter key against the entry schema (types.py), and the summary
    entry.py     how the keys of one entry fit together
    content.py   facts and sources, against the data files under data/
    catalog.py   the whole list: duplicates, references, one spelling per author, coverage
    data.py      the list's data files: taxonomy, list info, results tables, health data

core/validate.py runs them. `awesome-lam rules` lists them all.
"""
