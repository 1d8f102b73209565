// What a new matter names: whether the platform and the place exist, and whether the platform serves, on the day raised, a place in the same community.
OPTIONAL MATCH (d:DeliberationPlatform {code: $platform})
OPTIONAL MATCH (place:Entity {code: $place}) WHERE place:Compound OR place:Area
RETURN d IS NOT NULL AS platform, place IS NOT NULL AS place,
       // Two MATCHes: one path may not use the same PART_OF edge going up and coming down.
       EXISTS { MATCH (place)-[:PART_OF*1..3]->(c:Community)
                MATCH (c)<-[:PART_OF*0..3]-(:Grid|Compound)<-[s:SERVES]-(d)
                WHERE s.validFrom <= $raisedOn AND (s.validTo IS NULL OR $raisedOn < s.validTo) } AS sameCommunity
