"""The main window's places by key (``window.pages``): made at once, or the first time each is
shown or asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow


class Places(Mapping[str, QWidget]):
    """The window's places by key, in the order they were added.  A place added with a builder is
    made the first time it is asked for (``window.pages[key]``) or shown; ``in`` and iterating the
    keys make nothing, :meth:`built` is what exists now."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.made: dict[str, QWidget] = {}
        self.builders: dict[str, Callable[[], QWidget]] = {}
        self.stand_ins: dict[str, QWidget] = {}
        self.order: list[str] = []

    def __getitem__(self, key: str) -> QWidget:
        return self._window.place(key)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.order))

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, key: object) -> bool:
        return key in self.made or key in self.builders

    def built(self) -> list[QWidget]:
        return [self.made[key] for key in self.order if key in self.made]
