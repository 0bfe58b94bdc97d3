"""scholarkg: turn paper listings into a knowledge graph of who works with whom and which ideas descend from which.

>>> from scholarkg.sources import iter_papers
>>> papers = list(iter_papers(["examples/profile.txt"]))  # doctest: +SKIP
"""

__version__ = "0.1.0"
