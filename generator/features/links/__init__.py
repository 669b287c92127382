"""The link checker: every URL of the list checked fast, fairly and safely (`awesome-lam links`)."""
