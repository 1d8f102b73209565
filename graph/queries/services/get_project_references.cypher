// What a new micro-project names: whether its owner, site and units exist, the owner's kind, and whether the owner answers for the site on $today.
OPTIONAL MATCH (o:PartyOrganization {code: $owner})
OPTIONAL MATCH (site:Entity {code: $site}) WHERE site:Compound OR site:Area
RETURN o IS NOT NULL AS owner, o.kind AS ownerKind, site IS NOT NULL AS site,
       [unit IN $units WHERE NOT EXISTS { MATCH (:Unit {code: unit}) }] AS missingUnits,
       // A grid branch answers for the site's grid, a community committee for its community.
       EXISTS { MATCH (o)-[a:ANSWERS_FOR]->(t)<-[:PART_OF*0..3]-(site)
                WHERE a.validFrom <= $today AND (a.validTo IS NULL OR $today < a.validTo) } AS answersForSite
