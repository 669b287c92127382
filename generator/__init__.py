"""awesome-large-audio-models: entries -> validated catalog -> README, site, exports."""

__version__ = "0.1.0"
