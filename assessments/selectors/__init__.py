"""Reads of institutions' engagements, one module per part of the page (request and agreement,
participants and intake, payment and reports). Each part's module has `section(engagement,
user) -> dict`: the context its template part (templates/assessments/parts/) needs, with the
actions `user` may take there. assessments.views.pages gathers them."""
