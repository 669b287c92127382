"""The website: a MkDocs plugin that turns the loaded catalog into pages, a timeline and exports."""
