"""One small spider a news source; see spiders/base.py for the shared machinery."""
