"""`awesome-lam discover`: candidate works from arXiv, ranked by how likely they belong in the list."""
