"""sitrep: a terminal dashboard for following a developing situation."""

__version__ = "0.1.0"
