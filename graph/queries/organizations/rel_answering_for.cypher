// The Party organizations visible to the caller answering for each territory node on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[r:ANSWERS_FOR]-(o:PartyOrganization)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(o)
WITH code, o ORDER BY o.code
RETURN code, collect(o {.*, _label: 'PartyOrganization'}) AS items
