"""A familiar name (one the arXiv corpus uses in many abstracts) is the paper's own only where it introduces it
plainly (extract/familiar.py). The sentences are ours; the evidence table is the shipped one."""
import spacy

from scholarkg.extract import extract
from scholarkg.extract.familiar import familiar, plainly_introduced
from scholarkg.model import Paper, SourceRef

ABSTRACT = "We study shift schedules of nurses in three hospitals and report the errors."


def roles(title, abstract=ABSTRACT):
    ex = extract(Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract))
    return {m.name: m.role for m in ex.methods}


def test_the_evidence_tells_a_familiar_name_from_a_rare_one():
    doc = spacy.blank("en")("We use stochastic local search and a quillet sampler.")
    assert familiar(doc, 7, 30)  # "stochastic local search"
    assert not familiar(doc, 37, 52)  # "quillet sampler"


def test_a_familiar_name_opening_a_title_is_used_not_proposed():
    assert roles("Stochastic Local Search for Timetable Repair") == {"Stochastic Local Search": "uses"}
    assert roles("Manifold Learning with Sparse Anchors") == {"Manifold Learning": "uses"}


def test_a_familiar_name_the_paper_introduces_plainly_stays_proposed():
    # the title is the name before a colon
    assert roles("Manifold Learning: A Field Guide") == {"Manifold Learning": "proposes"}
    # a proposal cue points at it in the abstract
    mentions = {("title", 0, 23): "Stochastic Local Search", ("abstract", 21, 44): "stochastic local search"}
    assert plainly_introduced(mentions, "Stochastic Local Search for Timetable Repair",
                              "In this note we call stochastic local search our repair loop.")
    assert not plainly_introduced(mentions, "Stochastic Local Search for Timetable Repair", ABSTRACT)


def test_a_rare_name_opening_a_title_stays_proposed():
    assert roles("Quillet Sampling for Timetable Repair").get("Quillet Sampling") == "proposes"


def test_a_rare_unlisted_name_reached_by_via_in_the_title_is_proposed():
    assert roles("Shape Matching via Quillet Graph Cuts") == {"Quillet Graph Cuts": "proposes"}  # was used
    # "Sparse Regression" (familiar) opened the title as the paper's own; now the rare name after "via" is
    assert roles("Sparse Regression via Constrained Quillet Subsampling") == \
        {"Sparse Regression": "uses", "Constrained Quillet Subsampling": "proposes"}
    # a familiar or listed one is only used
    assert roles("Timetable Repair via Stochastic Local Search") == {"Stochastic Local Search": "uses"}
    assert roles("Timetable Repair via Simulated Annealing") == {"simulated annealing": "uses"}
