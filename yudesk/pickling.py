"""Cheap pickling for the dataclasses that cross the intake's worker pipes.

A dataclass with slots pickles through generic state handling (dataclasses' ``__getstate__``
calling ``fields()`` for a frozen one, copyreg's slot walk otherwise) on both sides of the
pipe: most of the cost of moving a prepared message between processes. Pickling the
constructor arguments instead is one C call to collect them and one ``__init__`` to rebuild.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def pickled_by_fields(cls: type[T]) -> type[T]:
    """Class decorator (above ``@dataclass``): pickle as ``cls(*init fields)``. For classes
    whose ``__init__`` has no side effects; fields outside ``__init__`` are caches, rebuilt
    empty on the other side."""
    init_fields = [f for f in fields(cls) if f.init]  # type: ignore[arg-type]
    if any(f.kw_only for f in init_fields):
        raise TypeError(f"{cls.__name__}: keyword-only fields are not supported")
    names = [f.name for f in init_fields]
    get = attrgetter(*names)
    if len(names) == 1:

        def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, (get(self),)

    else:

        def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls
