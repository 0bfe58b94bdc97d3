"""`scholarkg serve` as a user runs it: a real process, real HTTP requests."""
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from servers import _wait_http, free_port

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "profile-listing.txt"


def run(*args):
    return subprocess.run([sys.executable, "-m", "scholarkg.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "db"
    assert run("build", "-q", "--no-extract", "--store", f"oxigraph:{db}", str(EXAMPLE)).returncode == 0
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scholarkg.cli", "serve", "--store", f"oxigraph:{db}",
                             "--bind", f"127.0.0.1:{port}", "--max-rows", "5"], stderr=subprocess.PIPE)
    _wait_http(f"http://127.0.0.1:{port}/", proc)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def post(url, body, ctype="application/sparql-query", accept="application/sparql-results+json"):
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers={"Content-Type": ctype, "Accept": accept})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.read().decode()


def test_query_page_and_sparql_answers(endpoint):
    with urllib.request.urlopen(endpoint + "/", timeout=10) as resp:
        assert "scholarkg SPARQL endpoint" in resp.read().decode()
    status, body = post(endpoint + "/query", "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:ScholarlyArticle }")
    data = json.loads(body)
    assert status == 200 and data["results"]["bindings"][0]["n"]["value"] == "9"
    q = urllib.parse.urlencode({"query": "SELECT ?n WHERE { ?a schema:name ?n } ORDER BY ?n"})
    with urllib.request.urlopen(f"{endpoint}/query?{q}", timeout=10) as resp:
        data = json.loads(resp.read())
    assert len(data["results"]["bindings"]) == 5 and data["truncated"] is True  # --max-rows 5


def test_updates_are_refused_when_read_only(endpoint):
    with pytest.raises(urllib.error.HTTPError) as err:
        post(endpoint + "/update", "DROP ALL", ctype="application/sparql-update")
    assert err.value.code == 403 and "read-only" in err.value.read().decode()
    status, body = post(endpoint + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_bad_query_is_a_400(endpoint):
    with pytest.raises(urllib.error.HTTPError) as err:
        post(endpoint + "/query", "SELEC nonsense")
    assert err.value.code == 400
