"""site_builder: a static site generator for translated course notes."""

__version__ = "0.1.0"
