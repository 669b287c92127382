"""The link checker: every URL of the list checked fast, fairly and safely (`awesome-lam links`)."""

FORMATS = ("text", "json", "markdown", "github")
"""Report formats of `awesome-lam links`."""
