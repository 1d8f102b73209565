// Point indexes for the map (seeds/geography.py, `within`): where buildings and compounds stand, and the south-west corner of the bounding box of every outline (streets, communities, grids, areas, compounds).
CREATE POINT INDEX building_location IF NOT EXISTS FOR (n:Building) ON (n.location);
CREATE POINT INDEX compound_location IF NOT EXISTS FOR (n:Compound) ON (n.location);
CREATE POINT INDEX street_south_west IF NOT EXISTS FOR (n:Street) ON (n.southWest);
CREATE POINT INDEX community_south_west IF NOT EXISTS FOR (n:Community) ON (n.southWest);
CREATE POINT INDEX grid_south_west IF NOT EXISTS FOR (n:Grid) ON (n.southWest);
CREATE POINT INDEX area_south_west IF NOT EXISTS FOR (n:Area) ON (n.southWest);
CREATE POINT INDEX compound_south_west IF NOT EXISTS FOR (n:Compound) ON (n.southWest);
