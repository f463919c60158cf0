"""KeyedMemo: the shape most stages' memos share. A value is a pure function of its key, made once
and kept across rebuilds; after a build, `retain()` forgets the keys that build did not ask for
(deleted files, old versions of edited ones), so a long preview session does not grow."""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

T = TypeVar("T")


class KeyedMemo(Generic[T]):
    """Values by key, and the keys asked for since the last `retain()`."""

    def __init__(self) -> None:
        self.values: dict[Hashable, T] = {}
        self._used: set[Hashable] = set()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value of `key`, made by `make()` only when not kept already."""
        self._used.add(key)
        if key not in self.values:
            self.values[key] = make()
        return self.values[key]

    def retain(self) -> None:
        used, self._used = self._used, set()
        self.values = {k: v for k, v in self.values.items() if k in used}
