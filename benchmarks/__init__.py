"""Timing and quality runs (`make bench`); not part of the test suite."""
