// The coverage aggregate's county-wide distinct counts (graph/aggregate.py): one CoverageSpan per entity and kind (its merged intervals), one CoverageDelta per kind and day on which the count changes; the (kind, day) constraint's index answers "the changes up to a day" with one range seek.
CREATE CONSTRAINT coverage_span_kind_code IF NOT EXISTS FOR (s:CoverageSpan) REQUIRE (s.kind, s.code) IS UNIQUE;
CREATE CONSTRAINT coverage_delta_kind_day IF NOT EXISTS FOR (d:CoverageDelta) REQUIRE (d.kind, d.day) IS UNIQUE;
