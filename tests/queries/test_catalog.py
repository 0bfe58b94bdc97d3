import json

import pytest
from click.testing import CliRunner

from scholarkg.catalog import coerce_params, fold, get_spec, load_catalog
from scholarkg.cli import main
from scholarkg.cli.query import format_table
from scholarkg.errors import QueryError
from scholarkg.resources import resource

DESIGN_QUESTIONS = {
    "coauthors", "collaboration-distance", "shared-coauthors", "top-collaborations", "author-papers",
    "author-organizations", "organization-collaborations", "prolific-authors", "method-papers", "method-lineage",
    "who-introduced", "dataset-papers", "author-methods", "method-cooccurrence", "citing-papers", "paper-influence",
    "trending-methods",
}
OUR_ADDITIONS = {"prolific-organizations",  # asked for by the report page
                 "method-comparisons",  # issue 17
                 "methods", "datasets",  # what the graph holds, by name (issue 22)
                 "author-identity"}  # issue 20


def test_catalogue_has_every_design_question():
    assert set(load_catalog()) == DESIGN_QUESTIONS | OUR_ADDITIONS


def test_every_question_has_a_cypher_and_a_sparql_file():
    missing = [f"{n}.{ext}" for n in DESIGN_QUESTIONS | OUR_ADDITIONS for ext in ("cypher", "rq") if not resource("queries", f"{n}.{ext}").is_file()]
    assert not missing, f"query files missing: {missing}"


def test_params_get_defaults_and_types():
    spec = get_spec("collaboration-distance")
    assert coerce_params(spec, {"a": "Ben Adlam", "b": " Alexander A. Alemi "}) == {
        "a": "Ben Adlam", "b": "Alexander A. Alemi", "max_hops": 6}
    assert coerce_params(spec, {"a": "x", "b": "y", "max_hops": "3"})["max_hops"] == 3


@pytest.mark.parametrize(
    "name, raw, message",
    [
        ("coauthors", {}, "missing parameter author"),
        ("coauthors", {"autor": "x"}, "unknown parameter"),
        ("top-collaborations", {"limit": "many"}, "must be a whole number"),
        ("coauthors", {"author": "  "}, "is empty"),
    ],
)
def test_bad_params_are_clear_errors(name, raw, message):
    with pytest.raises(QueryError, match=message):
        coerce_params(get_spec(name), raw)


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="did you mean: coauthors"):
        get_spec("coauthor")


def test_fold_matches_aliases_loosely():
    assert fold("K-FAC") == fold("kfac")
    assert fold("Kamilė Lukošiūtė") == fold("kamile lukosiute")


def test_table_is_aligned():
    text = format_table(["coauthor", "papers"], [{"coauthor": "Juhan Bae", "papers": 10}, {"coauthor": "Yuhuai Wu", "papers": 8}])
    lines = text.splitlines()
    assert lines[0] == "coauthor   papers"
    assert lines[2] == "Juhan Bae      10"
    assert lines[3] == "Yuhuai Wu       8"


def test_queries_command_lists_catalogue_as_json():
    result = CliRunner().invoke(main, ["queries", "--format", "json"])
    assert result.exit_code == 0
    names = {q["name"] for q in json.loads(result.output)}
    assert names == DESIGN_QUESTIONS | OUR_ADDITIONS
