// The volunteer teams visible to the caller serving each compound on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Compound {code: code})<-[r:SERVES]-(t:VolunteerTeam)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: 'VolunteerTeam'}) AS items
