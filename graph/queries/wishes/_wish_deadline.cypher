// Fragment (#include'd, never run alone): the deadline facts of wish `w` (queues/_deadline): due its expectedBy
// (set on acceptance), opened the local day it was submitted, closed the local day it was fulfilled, rejected or
// cancelled (in the time zone $timezone).
WITH *, w.expectedBy AS due, date(datetime({datetime: w.submittedAt, timezone: $timezone})) AS openedOn,
     COLLECT { MATCH (w)<-[:OF]-(e:WishEvent) WHERE e.status IN ['FULFILLED', 'REJECTED', 'CANCELLED']
               RETURN date(datetime({datetime: e.at, timezone: $timezone})) AS on ORDER BY on LIMIT 1 }[0] AS closedOn
