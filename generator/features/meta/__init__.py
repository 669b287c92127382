"""`awesome-lam meta`: stars, licence, archived flag and last commit of the list's GitHub code."""
