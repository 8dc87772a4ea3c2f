"""factdesk: line up what several outlets say about one story and show where they diverge."""

__version__ = "0.1.0"
