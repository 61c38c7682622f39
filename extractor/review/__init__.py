"""Reviewing extracted records: a local web app over the store, gold export, and a static HTML report.

- ``reviews``: reviewers' decisions (accept, reject, correct, add) kept in the store's ``reviews`` table;
- ``render``: HTML pages, the text with every extracted span highlighted by layer (displaCy style);
- ``app``: the web app (the standard library's ``http.server``), bound to loopback by default;
- ``gold``: reviewed articles written in the guidelines' gold format, for ``extractor eval``;
- ``report``: one self-contained HTML file from ``extractor extract`` JSON Lines.
"""
