"""The listing-page readers: real values from every seed file, and variants of each layout that we write."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from scholarkg.cli import main
from scholarkg.errors import InputError
from scholarkg.sources import ErrorSink, detect, iter_papers

SEEDS = {
    "000_4df4c6e81319caad.txt": ("profile", 26),
    "001_87e66b188c6948de.txt": ("profile", 50),
    "002_434d8a0aaaef3b0a.txt": ("profile", 21),
    "003_d7f9e2e2d5a92d28.txt": ("trending", 200),
    "004_1528f3380a3e320a.txt": ("family-list", 10),
}


def by_title(path):
    return {p.title: p for p in iter_papers([path])}


# ------------------------------------------------------------------ the seed files

@pytest.mark.shared
@pytest.mark.parametrize("name, expected", SEEDS.items())
def test_every_seed_paper_comes_out_once(seeds, name, expected):
    fmt, count = expected
    assert detect(seeds / name) == fmt
    papers = list(iter_papers([seeds / name]))
    assert len(papers) == count
    assert len({p.key for p in papers}) == count
    assert all(p.title and p.source.format == fmt for p in papers)
    chrome = ("Subscribe", "Get trending", "Papers", "citations")
    assert not any(p.title.startswith(chrome) for p in papers)


@pytest.mark.shared
def test_profile_with_header_000(seeds):
    papers = by_title(seeds / "000_4df4c6e81319caad.txt")
    p = papers["Scaling Exponents Across Parameterizations and Optimizers"]
    assert [a.name for a in p.authors] == ["Katie Everett", "Lechao Xiao", "Mitchell Wortsman"]
    assert p.authors_complete is False
    assert p.affiliations == ("anthropic", "deepmind")
    assert (p.published, p.year, p.categories, p.has_code) == ("2024-07-08", 2024, ("cs.LG",), False)
    assert p.abstract.startswith("Robust and effective scaling of models")
    assert p.abstract.endswith("eliminates the epsilon hyperparameter entirely.")
    assert p.profile_owner == "Alexander A. Alemi"
    assert p.owner_stats == {"main_category": "cs.LG", "papers": 26, "citations": 4955, "novelty_percent": 39,
                             "ai_score": 30, "papers_listed": 26}
    vp = papers["Variational Prediction"]
    assert [a.name for a in vp.authors] == ["Alexander A. Alemi", "Ben Poole"] and vp.authors_complete
    assert vp.affiliations == ()
    nt = next(p for t, p in papers.items() if t.startswith("Neural Tangents"))
    assert nt.has_code and nt.categories == ("stat.ML",) and nt.published == "2019-12-05"
    assert papers["Jeffrey's prior sampling of deep sigmoidal networks"].categories == ("cond-mat.dis-nn",)
    assert "β-VAEs can retain label information even at high compression" in papers
    robo = next(p for t, p in papers.items() if t.startswith("Bayesian Imitation Learning"))
    assert robo.categories == ("cs.RO",)


@pytest.mark.shared
def test_profile_001_owner_stats_and_yearless_date(seeds):
    papers = by_title(seeds / "001_87e66b188c6948de.txt")
    toy = papers["Toy Models of Superposition"]
    assert [a.name for a in toy.authors] == ["Nelson Elhage", "Tristan Hume", "Catherine Olsson"]
    assert toy.profile_owner == "Roger Grosse" and toy.affiliations == ("openai",)
    assert toy.owner_stats["h_index"] == 60 and toy.owner_stats["citations"] == 13141
    gn = papers["Gauss-Newton Unlearning for the LLM Era"]
    assert (gn.published, gn.year, gn.date_text) == (None, None, "Feb 11")
    eval_paper = papers["Discovering Language Model Behaviors with Model-Written Evaluations"]
    assert eval_paper.authors[2].name == "Kamilė Lukošiūtė" and eval_paper.categories == ("cs.CL",)
    assert papers["Similarity-based cooperative equilibrium"].categories == ("cs.GT",)
    assert papers["Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"].categories == ("cs.CR",)
    ref = papers["REFACTOR: Learning to Extract Theorems from Proofs"]
    assert ref.has_code and ref.categories == ("cs.AI",)
    pre = papers["When Does Preconditioning Help or Hurt Generalization?"]
    assert [a.name for a in pre.authors] == ["Shun-ichi Amari", "Jimmy Ba", "Roger Grosse"]
    assert papers["A Unified Analysis of First-Order Methods for Smooth Games via Integral Quadratic Constraints"].categories == ("math.OC",)


@pytest.mark.shared
def test_glued_title_and_authors_002(seeds):
    papers = by_title(seeds / "002_434d8a0aaaef3b0a.txt")
    p = papers["Small-scale proxies for large-scale Transformer training instabilities"]
    assert [a.name for a in p.authors] == ["Mitchell Wortsman", "Peter J. Liu", "Lechao Xiao"]
    assert p.affiliations == ("anthropic", "deepmind") and p.profile_owner is None
    q = papers['Frontier Language Models are not Robust to Adversarial Arithmetic, or "What do I need to say so you agree 2+2=5?']
    assert q.authors[0].name == "C. Daniel Freeman"
    r = papers["Implicit Regularization or Implicit Conditioning? Exact Risk Trajectories of SGD in High Dimensions"]
    assert r.authors[0].name == "Courtney Paquette" and r.categories == ("stat.ML",)
    u = papers["Underspecification Presents Challenges for Credibility in Modern Machine Learning"]
    assert u.authors[0].name == "Alexander D'Amour"
    assert papers["Training Language Models on the Knowledge Graph: Insights on Hallucinations and Their Detectability"].abstract.count("≤5%") == 1


@pytest.mark.shared
def test_trending_list_003(seeds):
    papers = list(iter_papers([seeds / "003_d7f9e2e2d5a92d28.txt"]))
    assert papers[0].title == "How connectivity structure shapes rich and lazy learning in neural circuits"
    assert papers[0].abstract.startswith("In theoretical neuroscience, recent work leverages")
    assert papers[1].title == "Learning Continually by Spectral Regularization"
    assert all(p.authors == () and p.authors_complete is False and p.published is None for p in papers)
    assert papers[-1].abstract.startswith("[This paper was initially published in PHME conference in 2016")


@pytest.mark.shared
def test_family_first_list_004(seeds):
    papers = by_title(seeds / "004_1528f3380a3e320a.txt")
    assert {p.profile_owner for p in papers.values()} == {"Alireza Makhzani"}
    mi = papers["Improving Mutual Information Estimation with Annealed and Energy-Based Bounds"]
    assert [a.name for a in mi.authors] == ["Rob Brekelmans", "Sicong Huang", "Marzyeh Ghassemi", "Greg Ver Steeg",
                                            "Roger Grosse", "Alireza Makhzani"]
    assert (mi.authors[3].given, mi.authors[3].family) == ("Greg Ver", "Steeg")
    sq = papers["Can We Remove the Square-Root in Adaptive Gradient Methods? A Second-Order Perspective"]
    assert sq.authors[4].name == "Richard E. Turner" and sq.authors_complete
    wq = next(p for t, p in papers.items() if t.startswith("Wasserstein Quantum Monte Carlo"))
    assert wq.title.endswith("Quantum Many-Body Schrödinger Equation")
    assert "Schrödinger" in wq.abstract and "\\" not in wq.abstract
    re_ = papers["Random Edge Coding: One-Shot Bits-Back Coding of Large Labeled Graphs"]
    assert "Pólya's Urn" in re_.abstract


@pytest.mark.shared
def test_same_paper_in_two_listings_has_one_key(seeds):
    one = by_title(seeds / "001_87e66b188c6948de.txt")
    four = by_title(seeds / "004_1528f3380a3e320a.txt")
    shared_titles = set(one) & set(four)
    assert shared_titles == {
        "Improving Mutual Information Estimation with Annealed and Energy-Based Bounds",
        "Probabilistic Inference in Language Models via Twisted Sequential Monte Carlo",
    }
    for t in shared_titles:
        assert one[t].key == four[t].key
    two = {p.key for p in iter_papers([seeds / "002_434d8a0aaaef3b0a.txt"])}
    three = {p.key for p in iter_papers([seeds / "003_d7f9e2e2d5a92d28.txt"])}
    assert len(two & three) == 1


# ------------------------------------------------------------------ variants we write

PROFILE = (
    "Ana María Núñez-O'Connor\n\nCV\nh-index7\n12papers\n80citations\n\n"
    "CVMar 4, 2021Code  \n"
    "Seeing Through Fog: A Study\n\n"
    "Ana María Núñez-O'Connor, Pieter van den Broek, Jean-Luc Picard et al. · eth, mit\n\n"
    "We propose a method. It works well on hazy images and we test it broadly across many scenes and settings.\n\n"
    "LGApr 1\n"
    "A Title With No Abstract\n"
    "Zoë Dubois, Ana María Núñez-O'Connor\n"
    "\n\n\n"
    "LGMay 2, 2020\n"
    "Only A Title Here\n"
    "MLJun 3, 2019\n"
    "Abstract Without Authors\n\n"
    "This paper has an abstract but nobody listed it as written by anyone at all. It still has sentences in it.\n"
)


def write(tmp_path, name, text, encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_profile_variants(tmp_path, newline):
    papers = list(iter_papers([write(tmp_path, "p.txt", PROFILE, newline=newline)]))
    assert [p.title for p in papers] == ["Seeing Through Fog: A Study", "A Title With No Abstract", "Only A Title Here",
                                         "Abstract Without Authors"]
    first, no_abs, only_title, no_authors = papers
    assert first.profile_owner == "Ana María Núñez-O'Connor"
    assert first.owner_stats == {"main_category": "cs.CV", "h_index": 7, "papers": 12, "citations": 80}
    assert [a.name for a in first.authors] == ["Ana María Núñez-O'Connor", "Pieter van den Broek", "Jean-Luc Picard"]
    assert first.authors[1].family == "van den Broek"
    assert first.has_code and first.published == "2021-03-04" and first.affiliations == ("eth", "mit")
    assert no_abs.abstract is None and no_abs.published is None and no_abs.date_text == "Apr 1"
    assert [a.name for a in no_abs.authors] == ["Zoë Dubois", "Ana María Núñez-O'Connor"] and no_abs.authors_complete
    assert only_title.authors == () and only_title.abstract is None and not only_title.authors_complete
    assert no_authors.authors == () and no_authors.abstract.startswith("This paper has an abstract")


def test_profile_without_stats_and_non_utf8(tmp_path):
    text = "Jos\xe9 Garc\xeda\n\nLGJan 5, 2022\nCaf\xe9 Networks\n\nJos\xe9 Garc\xeda, Bob Stone\n\nWe study caf\xe9 networks in depth. They are useful for many things and we show it.\n"
    papers = list(iter_papers([write(tmp_path, "latin1.txt", text, encoding="latin-1")]))
    assert papers[0].profile_owner == "José García" and papers[0].owner_stats == {}
    assert papers[0].title == "Café Networks" and papers[0].authors[0].name == "José García"


def test_glued_profile_without_header(tmp_path):
    text = ("LGSep 25, 2023\nScaling Laws for Tiny ModelsGrace Hopper, Alan M. Turing et al. · acme\n"
            "We fit scaling laws. They hold for tiny models too, as we show on a wide range of settings here.\n"
            "CLAug 1, 2024\nWhy LLMs Fail at SGDJohn McCarthy, Ada Lovelace\nShort abstract. With two sentences here.\n")
    papers = list(iter_papers([write(tmp_path, "glued.txt", text)]))
    assert [p.title for p in papers] == ["Scaling Laws for Tiny Models", "Why LLMs Fail at SGD"]
    assert [a.name for a in papers[0].authors] == ["Grace Hopper", "Alan M. Turing"] and papers[0].affiliations == ("acme",)
    assert [a.name for a in papers[1].authors] == ["John McCarthy", "Ada Lovelace"]
    assert papers[0].profile_owner is None


def test_trending_variants(tmp_path):
    text = ("Get trending papers in your email inbox!\n\nSubscribe\"Quoted\" Title: Part One\n"
            "An abstract that goes on. It has two sentences at least, and is long enough to be prose here.\n"
            "Title Without Abstract\n"
            "Final Title\n"
            "Final abstract text is here. And here is a second sentence to make it look like prose for sure.")
    papers = list(iter_papers([write(tmp_path, "t.txt", text)]))
    assert [p.title for p in papers] == ['"Quoted" Title: Part One', "Title Without Abstract", "Final Title"]
    assert papers[1].abstract is None and papers[2].abstract.startswith("Final abstract")


def test_trending_titles_may_end_in_a_question_or_exclamation_mark(tmp_path):
    # a real title shape: two "sentences" ending in ? and !, which once read as an abstract without a title
    text = ("Is Neural Network a Reliable Forecaster on Earth? A MARS Query!\n"
            "We ask whether networks forecast the weather. They do, mostly, and we show where they do not here.\n"
            "Why Does Adam Work? Really!\n"
            "An abstract that ends in a question, as some do. Does it still belong to the title above it?\n")
    path = write(tmp_path, "t.txt", text)
    assert detect(path) == "trending"
    papers = list(iter_papers([path]))
    assert [p.title for p in papers] == ["Is Neural Network a Reliable Forecaster on Earth? A MARS Query!",
                                         "Why Does Adam Work? Really!"]
    assert papers[0].abstract.startswith("We ask whether") and papers[1].abstract.endswith("title above it?")


def test_family_list_variants(tmp_path):
    text = ("de la Cruz, María\n\n"
            "A Paper by Several People\n"
            "O'Neil, Cathy, de la Cruz, María, Smith-Jones, Jean-Paul\n"
            "The abstract is here. It has more than one sentence and is long enough to count as prose.\n"
            "\n"
            "A Paper Without Abstract\n"
            "de la Cruz, María, Lee, K.\n")
    papers = list(iter_papers([write(tmp_path, "f.txt", text, newline="\r\n")]))
    assert [p.title for p in papers] == ["A Paper by Several People", "A Paper Without Abstract"]
    assert papers[0].profile_owner == "María de la Cruz"
    assert [a.name for a in papers[0].authors] == ["Cathy O'Neil", "María de la Cruz", "Jean-Paul Smith-Jones"]
    assert papers[1].abstract is None and [a.name for a in papers[1].authors] == ["María de la Cruz", "K. Lee"]


# ------------------------------------------------------------------ errors and the command line

def test_unrecognized_layout_is_one_clear_error(tmp_path):
    bad = write(tmp_path, "notes.txt", "just some words\nnothing like a listing\n")
    with pytest.raises(InputError, match=r"notes.txt: unrecognized layout"):
        list(iter_papers([bad]))


def test_entry_without_title_is_reported_and_the_rest_parses(tmp_path):
    text = "LGJan 1, 2020\nLGJan 2, 2020\nGood Title\n\nA B, C D\n"
    sink = ErrorSink("skip")
    papers = list(iter_papers([write(tmp_path, "x.txt", text)], errors=sink))
    assert [p.title for p in papers] == ["Good Title"]
    assert sink.count == 1 and "x.txt: line 1: entry has a date line but no title" in str(sink.errors[0])


def test_cli_parse_skip_goes_on_and_fail_stops(tmp_path):
    empty = write(tmp_path, "a_empty.txt", "")
    good = write(tmp_path, "b_good.txt", PROFILE)
    runner = CliRunner()
    result = runner.invoke(main, ["parse", str(empty), str(good)])
    assert result.exit_code == 3
    assert "a_empty.txt: empty file" in result.stderr and result.stdout == ""
    result = runner.invoke(main, ["parse", "--on-error", "skip", str(empty), str(good)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4 and rows[0]["title"] == "Seeing Through Fog: A Study"
    assert "skipped: " in result.stderr and "a_empty.txt" in result.stderr


def test_parse_reads_gzip_and_directories(tmp_path):
    import gzip

    d = tmp_path / "dir"
    d.mkdir()
    (d / "one.txt.gz").write_bytes(gzip.compress(PROFILE.encode()))
    out = subprocess.run([sys.executable, "-m", "scholarkg.cli", "parse", str(d)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 4
    record = json.loads(out.stdout.splitlines()[0])
    assert record["source"] == {"path": str(d / "one.txt.gz"), "format": "profile", "record": "line 8"}
    assert record["authors"][0] == "Ana María Núñez-O'Connor"
    assert set(record) >= {"title", "authors", "authors_complete", "profile_owner", "affiliations", "categories",
                           "published", "year", "has_code", "abstract", "source", "key"}
