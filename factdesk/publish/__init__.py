"""Publishing a case's analysis: the plain report, the discrepancy sheet and its exports.

:mod:`~factdesk.publish.report` is the text and JSON of ``factdesk check``;
:mod:`~factdesk.publish.sheet_data` gathers the claims and the editors' verdicts into a
sheet, which :mod:`~factdesk.publish.sheet` writes as HTML (printed by
:mod:`factdesk.gui.printing`) and :mod:`~factdesk.publish.exports` as CSV, JSON and
ClaimReview. Nothing here imports Qt.
"""
