"""Ledgers (台账): the lists the street hands around, exported as .xlsx and .csv, and the registers and rosters
it keeps, imported from them.

* :mod:`ledgers.sheets`: every ledger's columns (Chinese headers, widths, kinds) and the words its cells use,
  written once for export, import and the templates;
* :mod:`ledgers.files`: writing a ledger (openpyxl in write-only mode, CSV with a BOM) and reading one back;
* :mod:`ledgers.exports`: each ledger's rows, page by page, from catalogued queries read as the viewer
  (scope and masking as in the API, access records for sensitive fields read in full);
* :mod:`ledgers.imports`: a register or roster checked row by row (the dry run) and written in audited,
  idempotent batches (:mod:`graph.imports`).
"""
