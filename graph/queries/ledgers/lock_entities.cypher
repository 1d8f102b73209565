// Lock the entities an import batch reads before it writes, by code and by ID number (so that concurrent changes to them queue behind it).
CALL () {
  UNWIND $codes AS code
  MATCH (n:Entity {code: code})
  RETURN n
  UNION
  UNWIND $idNumbers AS idNumber
  MATCH (n:Person {idNumber: idNumber})
  RETURN n
}
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET n._lock = true
REMOVE n._lock
RETURN count(n) AS locked
