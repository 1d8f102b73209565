// The steps each matter went through, those visible to the caller, in the loop's order: 议 → 理 → 评 → 办 (then done).
UNWIND $codes AS code
MATCH (:Matter {code: code})<-[:OF]-(s:MatterStep)
WHERE
  // #include scope/_visible(s)
WITH code, s
ORDER BY CASE s.step
           WHEN 'DELIBERATE' THEN 0 WHEN 'SORT_OUT' THEN 1 WHEN 'EVALUATE' THEN 2 WHEN 'CARRY_OUT' THEN 3 ELSE 4
         END, s.on, s.code
RETURN code, collect(s {.*, _label: 'MatterStep'}) AS items
