// Seed: place territory on the map (seeds/geography.py): a WGS-84 point, and for streets down to compounds an outline (a list of points) with its bounding box corners.
UNWIND $rows AS row
MATCH (n:Entity {code: row.code})
SET n.location = point({longitude: row.location[0], latitude: row.location[1]}),
    n.outline = [v IN row.outline | point({longitude: v[0], latitude: v[1]})],
    n.southWest = CASE WHEN row.southWest IS NULL THEN null
                       ELSE point({longitude: row.southWest[0], latitude: row.southWest[1]}) END,
    n.northEast = CASE WHEN row.northEast IS NULL THEN null
                       ELSE point({longitude: row.northEast[0], latitude: row.northEast[1]}) END
RETURN count(n) AS placed
