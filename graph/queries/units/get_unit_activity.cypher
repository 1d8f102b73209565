// When each unit last did something by $asOf: a service by one of its cadres (not retracted), a micro-project it is coordinated with starting, completing or being cancelled, a pairing of it or of one of its cadres beginning or ending.
UNWIND $codes AS code
MATCH (u:Unit {code: code})
RETURN code, {
  lastServiceOn: COLLECT {
    MATCH (u)<-[:WORKS_AT]-(:Person)<-[:BY]-(s:ServiceRecord)
    WHERE s.servedOn <= $asOf AND s.retractedOn IS NULL
    RETURN s.servedOn AS on ORDER BY on DESC LIMIT 1 }[0],
  lastProjectOn: COLLECT {
    MATCH (u)<-[:COORDINATED_WITH]-(m:MicroProject)
    UNWIND [m.startedOn, m.completedOn, m.cancelledOn] AS on
    WITH on WHERE on <= $asOf
    RETURN on ORDER BY on DESC LIMIT 1 }[0],
  lastPairingChangeOn: COLLECT {
    MATCH (u)<-[:WORKS_AT*0..1]-(x)-[r:PAIRED_WITH]->()
    UNWIND [r.validFrom, r.validTo] AS on
    WITH on WHERE on <= $asOf
    RETURN on ORDER BY on DESC LIMIT 1 }[0]
} AS value
