"""`awesome-lam new`: a pre-filled entry file from arXiv or a BibTeX record."""
