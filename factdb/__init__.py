"""factdb: a structured fact database built from news articles."""

__version__ = "0.1.0"
