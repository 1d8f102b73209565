// What is on screen: territory of the labels asked for whose place meets the box $southWest–$northEast (a building's point; an outline's bounding box), from the point indexes, inside the roots when given (null: the whole county), with households, coverage and stage (geography/_feature_rows).
WITH point($southWest) AS southWest, point($northEast) AS northEast,
     point($world.southWest) AS worldSouthWest, point($world.northEast) AS worldNorthEast
CALL (southWest, northEast, worldSouthWest, worldNorthEast) {
  MATCH (f:Building) WHERE 'Building' IN $labels AND point.withinBBox(f.location, southWest, northEast)
  RETURN f
  UNION
  MATCH (f:Compound) WHERE 'Compound' IN $labels
    AND point.withinBBox(f.southWest, worldSouthWest, northEast) AND point.withinBBox(f.northEast, southWest, worldNorthEast)
  RETURN f
  UNION
  MATCH (f:Area) WHERE 'Area' IN $labels
    AND point.withinBBox(f.southWest, worldSouthWest, northEast) AND point.withinBBox(f.northEast, southWest, worldNorthEast)
  RETURN f
  UNION
  MATCH (f:Grid) WHERE 'Grid' IN $labels
    AND point.withinBBox(f.southWest, worldSouthWest, northEast) AND point.withinBBox(f.northEast, southWest, worldNorthEast)
  RETURN f
  UNION
  MATCH (f:Community) WHERE 'Community' IN $labels
    AND point.withinBBox(f.southWest, worldSouthWest, northEast) AND point.withinBBox(f.northEast, southWest, worldNorthEast)
  RETURN f
  UNION
  MATCH (f:Street) WHERE 'Street' IN $labels
    AND point.withinBBox(f.southWest, worldSouthWest, northEast) AND point.withinBBox(f.northEast, southWest, worldNorthEast)
  RETURN f
}
WITH f
WHERE $roots IS NULL OR EXISTS { MATCH (f)-[:PART_OF*0..6]->(r:Entity) WHERE r.code IN $roots }
// #include geography/_feature_rows
