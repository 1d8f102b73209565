// Fragment (#include'd, never run alone): the deadline facts of milestone `s` (queues/_deadline): due its dueOn,
// closed the day it was done or its project was cancelled, whichever came first.
WITH *, s.dueOn AS due, null AS openedOn,
     COLLECT { MATCH (s)-[:OF]->(project:MicroProject)
               UNWIND [s.doneOn, project.cancelledOn] AS on
               WITH on WHERE on IS NOT NULL
               RETURN on ORDER BY on LIMIT 1 }[0] AS closedOn
