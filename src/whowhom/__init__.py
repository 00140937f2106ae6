"""whowhom: news text in, sourced and coded political events out."""

__version__ = "0.1.0"
