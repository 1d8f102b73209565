"""Everything that speaks Cypher: settings, the driver, migrations, the query catalog and the local Neo4j."""
