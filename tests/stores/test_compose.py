"""docker/compose.yml: `docker compose up --wait` needs a healthcheck on every server a build talks to, and the
Neo4j one must log in with the password the service is given (no Docker here: the file is checked as data)."""
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker" / "compose.yml"


def test_neo4j_has_apoc_and_a_healthcheck_that_logs_in_with_its_own_password():
    neo4j = yaml.safe_load(COMPOSE.read_text())["services"]["neo4j"]
    user, password = neo4j["environment"]["NEO4J_AUTH"].split("/")
    check = " ".join(neo4j["healthcheck"]["test"])
    assert f"-u {user} -p {password}" in check and "RETURN 1" in check
    assert "apoc" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert "7687:7687" in neo4j["ports"] and "7474:7474" in neo4j["ports"]


def test_falkordb_has_a_healthcheck():
    falkordb = yaml.safe_load(COMPOSE.read_text())["services"]["falkordb"]
    assert falkordb["healthcheck"]["test"] == ["CMD", "redis-cli", "PING"]
