"""Methods no list knows, from how papers introduce them, and the role a paper gives each method.

- "Long Form Name (LFN)": an acronym defined in the text; a method when the long form ends in a method word
  ("coding", "descent", "network", "sampling", ...) or is introduced as new.
- "we propose / introduce / present X", "called X", "dubbed X", "termed X", "named X", "X, a new/novel ...".
- A title "X: ..." where X is one name-like word (AdaNet, REFACTOR) or ends in a method word.
Methods the paper introduces get role "proposes"; every other mention "uses".
"""
from __future__ import annotations

import re

# last words that make a phrase the name of a technique
METHOD_HEADS = {
    "method", "methods", "algorithm", "algorithms", "framework", "model", "network", "networks", "net", "nets",
    "coding", "sampling", "sampler", "estimator", "estimation", "descent", "optimization", "optimizer",
    "regularization", "normalization", "attention", "transformer", "transformers", "encoder", "autoencoder",
    "decoder", "flow", "flows", "bound", "bounds", "inference", "search", "quantization", "distillation", "filter",
    "process", "processes", "machine", "machines", "kernel", "embedding", "embeddings", "ensemble", "ensembles",
    "matching", "training", "tuning", "pruning", "policy", "gradient", "gradients", "propagation", "decoding",
    "prompting", "parameterization", "parametrization", "approximation", "architecture", "module", "layer",
    "mechanism", "loss", "objective", "procedure", "scheme", "technique", "strategy", "regression", "classifier",
    "clustering", "aggregation", "weighting", "augmentation", "adaptation", "iteration", "solver", "programming",
    "learning", "carlo", "game", "games", "rule", "test", "diffusion", "diffuser", "gan", "vae", "rl", "sgd",
    "bottleneck", "autoencoders", "estimators", "samplers", "filters", "classifiers", "regularizer", "operator",
    "operators", "units", "heads", "representation", "representations", "coder", "codes", "quantizer",
}
NOT_METHODS = {
    "large language models", "large language model", "language models", "language model", "neural networks",
    "neural network", "deep neural networks", "deep neural network", "deep learning", "machine learning",
    "reinforcement learning", "natural language processing", "computer vision", "artificial intelligence",
    "out-of-distribution", "state of the art", "stochastic differential equation", "signal-to-noise ratio",
    "mutual information", "vision-language models", "foundation models", "generative models", "deep networks",
    "continual learning", "few-shot learning", "transfer learning", "federated learning", "meta-learning",
    "supervised learning", "unsupervised learning", "representation learning", "imitation learning",
    "active learning", "online learning", "multi-task learning", "self-supervised learning", "in-context learning",
    "feature learning", "metric learning", "hyperparameter optimization", "object detection", "image classification",
    "question answering", "machine translation", "speech recognition", "graph neural networks", "knowledge graph",
    "neural architecture", "training set", "test set", "learning rate", "batch size", "loss function",
}
_PROPOSE = re.compile(
    r"\b(?:we|We|this paper|This paper|this work|This work|here we|Here we|Here, we)\s+(?:also\s+|then\s+|further\s+|first\s+)?"
    r"(?:propose|introduce|present|develop|design|devise|formulate|call|name|term|dub)[sd]?\b", re.I)
_NAMED = re.compile(r"\b(?:called|dubbed|termed|named|coined)\s+(?:the\s+)?", re.I)
_NAME_WORD = r"(?:[A-Z][\w\-]*|[a-z]+[A-Z][\w\-]*|\d[\w\-]*[A-Za-z][\w\-]*)"
_NAME = re.compile(rf"[\"“']?({_NAME_WORD}(?:[ \-](?:of|for|and|with|via|on|in|to|the|a)?\s?{_NAME_WORD}){{0,5}})[\"”']?")
_QUOTED = re.compile(r"[\"“]([^\"”]{2,60})[\"”]")
_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?)\)")
_SMALL = {"of", "for", "and", "with", "via", "on", "in", "to", "the", "a", "an", "by", "from", "at"}


def slug(text: str) -> str:
    """The key of a method or dataset name ("K-FAC" -> "k-fac", "Adam-atan2" -> "adam-atan2")."""
    from ..resolve.orgs import slug as _slug

    return _slug(text)


def acronym_definitions(text: str) -> list[tuple[int, int, str, int, int, str]]:
    """Acronyms defined in the text: (long start, long end, long form, acronym start, acronym end, acronym).

    >>> [(d[2], d[5]) for d in acronym_definitions("we call it Random Cycle Coding (RCC) and dynamical mean field theory (DMFT).")]
    [('Random Cycle Coding', 'RCC'), ('dynamical mean field theory', 'DMFT')]
    """
    out = []
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        letters = [c for c in acr.rstrip("s") if c.isalpha() and c.isupper()] or [c for c in acr if c.isalpha()]
        words = list(re.finditer(r"[^\s()\[\],;:]+", text[max(0, m.start() - 200): m.start()]))
        base = max(0, m.start() - 200)
        # take words backwards until their initials cover the acronym's capitals
        need = [c.lower() for c in letters]
        chosen = []
        i = len(words) - 1
        while i >= 0 and need:
            w = words[i].group(0)
            if w.lower() in _SMALL and chosen:
                chosen.append(words[i])
                i -= 1
                continue
            parts = [p for p in re.split(r"-", w) if p]
            initials = [p[0].lower() for p in parts if p[0].isalpha()]
            inner_caps = [c.lower() for c in w[1:] if c.isupper()]
            matched = False
            for cand in (initials, [initials[0]] + inner_caps if initials else []):
                if cand and need[-len(cand):] == cand:
                    need = need[: -len(cand)]
                    matched = True
                    break
            if not matched and initials and need and need[-1] == initials[0]:
                need = need[:-1]
                matched = True
            if not matched:
                break
            chosen.append(words[i])
            i -= 1
        while chosen and chosen[-1].group(0).lower() in _SMALL:
            chosen.pop()
        if need or not chosen:
            continue
        start, end = base + chosen[-1].start(), base + chosen[0].end()
        out.append((start, end, text[start:end], m.start(1), m.end(1), acr))
    return out


def after_proposal(text: str, pos: int) -> bool:
    """True when ``pos`` follows "we propose/introduce ... " in the same sentence (within a few words)."""
    before = text[max(0, pos - 80):pos]
    before = re.split(r"(?<=[a-z0-9)])[.!?]\s", before)[-1]
    return bool(re.search(_PROPOSE.pattern + r"\s+(?:(?:a|an|the|our)\s+)?(?:(?:new|novel|simple|general)\s+)*(?:[\w\-]+\s+){0,2}$",
                          before, re.I))


def is_method_phrase(phrase: str) -> bool:
    words = phrase.lower().replace("-", " ").split()
    if not words or phrase.lower() in NOT_METHODS:
        return False
    return words[-1] in METHOD_HEADS


def proposed_names(text: str) -> list[tuple[int, int, str]]:
    """Names the text introduces as its own: spans (start, end, name)."""
    out = []
    for m in _PROPOSE.finditer(text):
        window = text[m.end(): m.end() + 220]
        sentence_end = re.search(r"(?<=[a-z0-9)])\.(?:\s|$)", window)
        if sentence_end:
            window = window[: sentence_end.start()]
        named = _NAMED.search(window)
        if named:
            found = _name_at(text, m.end() + named.end())
            if found:
                out.append(found)
                continue
        lead = re.match(r"\s*(?:(?:a|an|the|our)\s+)?(?:(?:new|novel|simple|general|unified|principled|efficient|scalable|"
                        r"practical|first|two|three|several)\s+)*", window)
        found = _name_at(text, m.end() + (lead.end() if lead else 0))
        if found and (found[2][0].isupper() or any(c.isupper() for c in found[2][1:])):
            out.append(found)
            more = re.match(r"(?:\s*\([^()]{1,20}\))?\s*(?:,|and|,\s*and)\s+", text[found[1]:found[1] + 40])
            if more:
                second = _name_at(text, found[1] + more.end())
                if second and second[2][:1].isupper():
                    out.append(second)
    for m in re.finditer(r"\b(?:we name|we call|which we call|we term|we dub|which we name|which we term)\s+(?:it\s+|this\s+|them\s+)?", text):
        found = _name_at(text, m.end())
        if found:
            out.append(found)
    for m in re.finditer(r"\b(?:dubbed|coined|(?:(?:method|approach|algorithm|model|framework|technique|procedure|"
                         r"estimator|architecture|system|we)\b[^.;]{0,30}?\b(?:called|named|termed)))\s+(?:the\s+)?", text, re.I):
        found = _name_at(text, m.end())
        if found:
            out.append(found)
    for m in re.finditer(rf"({_NAME_WORD}(?:[ \-]{_NAME_WORD}){{0,4}}),\s+(?:a|an)\s+(?:new|novel)\b", text):
        out.append((m.start(1), m.end(1), m.group(1)))
    return out


def _name_at(text: str, pos: int) -> tuple[int, int, str] | None:
    q = _QUOTED.match(text, pos)
    if q:
        return q.start(1), q.end(1), q.group(1)
    m = _NAME.match(text, pos)
    if not m:
        return None
    name = m.group(1)
    while name and name.split()[-1].lower() in _SMALL:  # "X of" -> "X"
        name = name.rsplit(" ", 1)[0]
    if not name or name.lower() in {"we", "our", "this", "it", "a", "an", "the", "in", "to"}:
        return None
    return m.start(1), m.start(1) + len(name), name


_TITLE_STOP = {"a", "an", "the", "on", "towards", "toward", "why", "how", "what", "when", "is", "are", "do", "does",
               "can", "learning", "understanding", "improving", "beyond", "rethinking", "revisiting", "from"}


def title_method(title: str) -> str | None:
    """The method a title names: "X: ..." where X is one name-like word (AdaNet) or a capitalised phrase ending in
    a method word, or a title that starts with such a phrase ("Diverse Projection Ensembles for ...").

    >>> title_method("AdaNet: A Scalable and Flexible Framework"), title_method("Beyond Human Data: Scaling Self-Training")
    ('AdaNet', None)
    >>> title_method("Oscillation-free Quantization for Low-bit Vision Transformers")
    'Oscillation-free Quantization'
    """
    head, sep, _ = title.partition(":")
    head = head.strip()
    if sep and head and len(head.split()) == 1:
        w = head
        if re.fullmatch(r"[A-Z][A-Za-z0-9\-]*", w) and (any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w)):
            return w
        return None
    if not sep:
        head = re.split(r"\s+(?:for|via|with|in|on|to|using|under|through|and)\s+", title.strip(), maxsplit=1)[0]
    words = head.split()
    if not words or len(words) > 6 or words[0].lower() in _TITLE_STOP:
        return None
    if all(w[:1].isupper() or w[:1].isdigit() for w in words) and is_method_phrase(head):
        return head
    return None
