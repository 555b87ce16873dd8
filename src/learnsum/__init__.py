"""learnsum: check and render learning summaries from safeguarding case reviews."""

__version__ = "0.1.0"
