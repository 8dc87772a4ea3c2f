"""The sentence around a mention: the sheet's name for :mod:`factdesk.text.context`."""

from factdesk.text.context import ABBREVIATIONS, AROUND, LONGEST, sentence_bounds, sentence_parts

__all__ = ["ABBREVIATIONS", "AROUND", "LONGEST", "sentence_bounds", "sentence_parts"]
