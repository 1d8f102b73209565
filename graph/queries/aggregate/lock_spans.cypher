// Take the write lock on the coverage span of each {kind, code} in $spans (in that order, so that two writers never wait on each other in a circle; made empty if new) and return what it held.
UNWIND $spans AS span
MERGE (s:CoverageSpan {kind: span.kind, code: span.code})
ON CREATE SET s.starts = [], s.ends = []
SET s.locked = true
REMOVE s.locked
RETURN s.kind AS kind, s.code AS code, s.starts AS starts, s.ends AS ends
