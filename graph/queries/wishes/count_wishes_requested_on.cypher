// How many wishes a resident ordered in an interval (the county day): their daily quota.
MATCH (:Person {code: $person})<-[:REQUESTED_BY]-(w:Wish)
WHERE $from <= w.submittedAt < $to
RETURN count(w) AS value
