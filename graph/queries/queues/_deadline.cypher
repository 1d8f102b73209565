// Fragment (#include'd, never run alone): the deadline rule of graph/rules.py for an item with `due`, `openedOn` and
// `closedOn` (each a date or null) on $asOf: open from openedOn until closedOn (excluded); overdue when open and due
// before $asOf; dueSoon when open and due from $asOf to $dueSoonDays days after it. Adds overdue and dueSoon.
WITH *, (openedOn IS NULL OR openedOn <= $asOf) AND (closedOn IS NULL OR $asOf < closedOn) AS isOpen
WITH *, isOpen AND due IS NOT NULL AND due < $asOf AS overdue,
     isOpen AND due IS NOT NULL AND $asOf <= due <= $asOf + duration({days: $dueSoonDays}) AS dueSoon
