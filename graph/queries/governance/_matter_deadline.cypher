// Fragment (#include'd, never run alone): the deadline facts of matter `m` (queues/_deadline): due its dueOn, opened
// the day it was raised, closed the day it was settled.
WITH *, m.dueOn AS due, m.raisedOn AS openedOn, m.settledOn AS closedOn
