// Store each {kind, code, starts, ends} of $spans as the entity's coverage span (its merged intervals); one with no interval is deleted.
UNWIND $spans AS span
MATCH (s:CoverageSpan {kind: span.kind, code: span.code})
FOREACH (_ IN CASE WHEN size(span.starts) = 0 THEN [1] ELSE [] END | DELETE s)
FOREACH (_ IN CASE WHEN size(span.starts) > 0 THEN [1] ELSE [] END | SET s.starts = span.starts, s.ends = span.ends)
