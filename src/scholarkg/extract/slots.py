"""Which trained model an extraction step uses: the packaged one, or one a caller sets for a block (a
cross-validation fold's model, none at all for the rules alone).

>>> slot = ModelSlot(lambda: "packaged")
>>> slot.active()
'packaged'
>>> with slot.using(None):
...     slot.active() is None
True
>>> slot.active()
'packaged'
"""
from __future__ import annotations

import contextlib
import functools
from typing import Callable, Generic, Iterator, TypeVar

M = TypeVar("M")


class ModelSlot(Generic[M]):
    def __init__(self, load: Callable[[], M | None]) -> None:
        self.packaged = functools.lru_cache(maxsize=1)(load)  # read from package data once, when first needed
        self._set: list[M | None] = []

    def active(self) -> M | None:
        """The model set by the innermost ``using`` block, else the packaged one (None when there is none)."""
        return self._set[-1] if self._set else self.packaged()

    @contextlib.contextmanager
    def using(self, model: M | None) -> Iterator[M | None]:
        """Within this block ``active()`` is ``model``."""
        self._set.append(model)
        try:
            yield model
        finally:
            self._set.pop()
