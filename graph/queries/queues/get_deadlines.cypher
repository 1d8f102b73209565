// The deadline facts of each wish, matter or milestone (queues/_deadline takes them): rows {code, value: {due, openedOn, closedOn}}.
UNWIND $codes AS code
MATCH (n:Entity {code: code})
CALL (n) {
  WITH n AS w WHERE w:Wish
  // #include wishes/_wish_deadline
  RETURN due, openedOn, closedOn
  UNION
  WITH n AS m WHERE m:Matter
  // #include governance/_matter_deadline
  RETURN due, openedOn, closedOn
  UNION
  WITH n AS s WHERE s:Milestone
  // #include services/_milestone_deadline
  RETURN due, openedOn, closedOn
}
RETURN code, {due: due, openedOn: openedOn, closedOn: closedOn} AS value
