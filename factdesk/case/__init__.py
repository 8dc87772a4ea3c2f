"""Reading a case: a folder (or a list of files and folders) of articles -> :class:`factdesk.model.Case`.

:mod:`~factdesk.case.folder` finds the articles and builds the case; the other modules
each read one thing out of a file: its encoding (:mod:`~factdesk.case.decoding`), the
text of a web page (:mod:`~factdesk.case.html_text`) or of Markdown
(:mod:`~factdesk.case.markdown_text`), scraped junk (:mod:`~factdesk.case.boilerplate`),
the headline (:mod:`~factdesk.case.headline`) and the publication date
(:mod:`~factdesk.case.dateline`), over the lines of :mod:`~factdesk.case.textlines`.
"""

from factdesk.case.folder import (
    ARTICLE_FORMATS,
    ARTICLE_KINDS,
    ArticleError,
    CaseError,
    article_from_bytes,
    article_from_text,
    load_case,
    natural_key,
    read_article,
)

__all__ = [
    "ARTICLE_FORMATS",
    "ARTICLE_KINDS",
    "ArticleError",
    "CaseError",
    "article_from_bytes",
    "article_from_text",
    "load_case",
    "natural_key",
    "read_article",
]
