"""``govinfo._fast.fast_init`` against the ``__init__`` attrs generated (issue 7).

For every class the helper changed, on generated argument values and every way to pass
them (a prefix positionally, the rest by keyword or left to their defaults), the fast
``__init__`` must build the object attrs' own ``__init__`` builds (kept in
``ATTRS_INIT``) and the one a plain ``attrs.frozen`` twin of the same fields builds:
equal, same repr, same hash, same field values; a call attrs refuses is refused too.
Assignment must still raise ``FrozenInstanceError``, and a class the helper cannot
handle must be refused when it is decorated.
"""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given
from hypothesis import strategies as st

import govinfo.document
import govinfo.extraction.rows
import govinfo.extraction.tokens
import govinfo.extraction.values
import govinfo.model
from govinfo._fast import ATTRS_INIT, fast_init
from govinfo.serialize import make_converter

_MODULES = (govinfo.document, govinfo.extraction.rows, govinfo.extraction.tokens, govinfo.extraction.values)

CLASSES = sorted(ATTRS_INIT, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
"""Every class the helper changed (importing the modules above decorates them)."""

EXPECTED = {
    "Location",
    "Cell",
    "Paragraph",
    "Table",
    "Token",
    "CellSource",
    "ParsedCell",
    "Occurrence",
    "ApplicantCounts",
    "AppealCounts",
    "Applications",
    "Appeals",
}

_MISSING = object()

# Hashable values of many kinds, nested attrs objects included.
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=6),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.builds(govinfo.document.Location, st.integers() | st.none(), st.integers() | st.none()),
)
_GRIDS = st.lists(st.lists(st.builds(govinfo.document.Cell, st.text(max_size=4)), max_size=3), max_size=3)


def _twin(cls: type) -> type:
    """A plain ``attrs.frozen`` class of the same fields, its ``__init__`` attrs' own."""
    fields = {
        f.name: attrs.field(
            default=f.default, kw_only=f.kw_only, converter=f.converter, alias=f.alias, eq=f.eq, repr=f.repr
        )
        for f in attrs.fields(cls)
    }
    return attrs.make_class(cls.__name__, fields, frozen=True, slots=True)


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f.name) for f in attrs.fields(type(obj)))


@st.composite
def _call(draw: st.DrawFn, cls: type) -> tuple[list[Any], dict[str, Any]]:
    """Arguments for ``cls``: a prefix of the positional fields, the rest by keyword or omitted."""
    fields = attrs.fields(cls)
    positional = [f for f in fields if not f.kw_only]
    count = draw(st.integers(0, len(positional)))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for number, field in enumerate(fields):
        value = draw(_GRIDS if field.converter is not None else _VALUES)
        if not field.kw_only and number < count:
            args.append(value)
        elif field.default is attrs.NOTHING or draw(st.booleans()):
            kwargs[field.alias] = value
    order = draw(st.permutations(list(kwargs)))
    return args, {k: kwargs[k] for k in order}


def _build(init: Any, cls: type, args: list[Any], kwargs: dict[str, Any]) -> Any:
    obj = object.__new__(cls)
    init(obj, *args, **kwargs)
    return obj


def _outcome(make: Any) -> tuple[str, Any]:
    try:
        return "ok", make()
    except TypeError as exc:
        return "refused", type(exc)


def test_the_hot_classes_are_fast() -> None:
    assert {cls.__name__ for cls in CLASSES} >= EXPECTED
    for cls in CLASSES:
        assert ATTRS_INIT[cls].__code__.co_filename.startswith("<attrs generated")
        assert cls.__init__ is not ATTRS_INIT[cls]
        assert inspect.signature(cls.__init__) == inspect.signature(ATTRS_INIT[cls])
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_fast_init_builds_what_attrs_builds(cls: type, data: st.DataObject) -> None:
    args, kwargs = data.draw(_call(cls))
    fast = cls(*args, **kwargs)
    reference = _build(ATTRS_INIT[cls], cls, args, kwargs)
    twin = _twin(cls)(*args, **kwargs)
    assert type(fast) is cls
    assert fast == reference
    assert not fast.__ne__(reference)
    assert repr(fast) == repr(reference) == repr(twin)
    assert _values(fast) == _values(reference) == _values(twin)
    try:
        expected_hash = hash(reference)
    except TypeError:
        with pytest.raises(TypeError):
            hash(fast)
    else:
        assert hash(fast) == expected_hash
    assert attrs.evolve(fast) == fast
    assert pickle.loads(pickle.dumps(fast)) == fast
    for field in attrs.fields(cls):
        with pytest.raises(FrozenInstanceError):
            setattr(fast, field.name, None)
        with pytest.raises(FrozenInstanceError):
            delattr(fast, field.name)
    assert _values(fast) == _values(reference)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_fast_init_refuses_what_attrs_refuses(cls: type, data: st.DataObject) -> None:
    args, kwargs = data.draw(_call(cls))
    fields = attrs.fields(cls)
    mistake = data.draw(st.sampled_from(["extra positional", "unknown keyword", "twice", "missing"]))
    if mistake == "extra positional":
        args = [*args, *[None] * (len(fields) + 1 - len(args))]
    elif mistake == "unknown keyword":
        kwargs = {**kwargs, "no_such_field": 1}
    elif mistake == "twice" and args:
        kwargs = {**kwargs, fields[0].alias: args[0]}
    elif mistake == "missing":
        required = [f for f in fields if f.default is attrs.NOTHING]
        if required:
            drop = data.draw(st.sampled_from(required))
            position = [f for f in fields if not f.kw_only].index(drop) if not drop.kw_only else len(args)
            args = args[:position] if position < len(args) else args
            kwargs = {k: v for k, v in kwargs.items() if k != drop.alias}
    fast = _outcome(lambda: cls(*args, **kwargs))
    reference = _outcome(lambda: _build(ATTRS_INIT[cls], cls, args, kwargs))
    assert fast[0] == reference[0]
    if fast[0] == "ok":
        assert fast[1] == reference[1]
        assert repr(fast[1]) == repr(reference[1])


def test_converters_still_run() -> None:
    cells = [[govinfo.document.Cell("a")], iter([govinfo.document.Cell("b")])]
    table = govinfo.document.Table(iter(cells))
    assert table.rows == ((govinfo.document.Cell("a"),), (govinfo.document.Cell("b"),))
    assert type(table.rows) is tuple
    assert all(type(row) is tuple for row in table.rows)


@pytest.mark.parametrize(
    "obj",
    [
        govinfo.document.Location(3, 1, 2, 4, part="word/document.xml", page=2),
        govinfo.model.CellSource("applications/new_received/total", "12", govinfo.document.Location(7)),
        govinfo.model.ApplicantCounts(natural_person=3, total=5),
        govinfo.model.Appeals(review=govinfo.model.AppealCounts(upheld=1, total=1)),
    ],
    ids=repr,
)
def test_cattrs_round_trip(obj: Any) -> None:
    converter = make_converter()
    assert converter.structure(converter.unstructure(obj), type(obj)) == obj


# --- classes the helper must refuse ---------------------------------------------------


def _refused(make: Any) -> str:
    with pytest.raises(TypeError) as info:
        make()
    return str(info.value)


def test_refuses_a_mutable_class() -> None:
    @attrs.define
    class Mutable:
        x: int = 0

    assert "not frozen" in _refused(lambda: fast_init(Mutable))


def test_refuses_a_dict_class() -> None:
    @attrs.frozen(slots=False)
    class Plain:
        x: int = 0

    assert "not slotted" in _refused(lambda: fast_init(Plain))


def test_refuses_validators_factories_and_hooks() -> None:
    @attrs.frozen
    class Validated:
        x: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen
    class Factory:
        x: list[int] = attrs.Factory(list)

    @attrs.frozen
    class Hidden:
        x: int = 0
        y: int = attrs.field(init=False, default=1)

    @attrs.frozen
    class Post:
        x: int = 0

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(cache_hash=True)
    class Cached:
        x: int = 0

    @attrs.frozen(init=False)
    class Hand:
        x: int = 0

        def __init__(self, x: int = 0) -> None:
            object.__setattr__(self, "x", x)

    @attrs.frozen
    class Empty:
        pass

    class NotAttrs:
        __slots__ = ("x",)

    for cls, why in [
        (Validated, "validator"),
        (Factory, "factory"),
        (Hidden, "init=False"),
        (Post, "__attrs_post_init__"),
        (Cached, "cached hash"),
        (Hand, "not the one attrs generated"),
        (Empty, "no fields"),
    ]:
        before = cls.__init__
        assert why in _refused(lambda cls=cls: fast_init(cls))
        assert cls.__init__ is before
        assert cls not in ATTRS_INIT
    assert "attrs class" in _refused(lambda: fast_init(NotAttrs))


def test_refuses_a_class_twice() -> None:
    assert "not the one attrs generated" in _refused(lambda: fast_init(govinfo.document.Location))


def test_a_new_class_keeps_its_signature() -> None:
    @fast_init
    @attrs.frozen
    class Mixed:
        a: int
        _b: str = "b"
        c: tuple[int, ...] = attrs.field(default=[1, 2], converter=tuple)  # the default is converted too
        d: int = attrs.field(default=4, kw_only=True)
        e: int = attrs.field(kw_only=True)

    assert [p.name for p in inspect.signature(Mixed.__init__).parameters.values()] == ["self", "a", "b", "c", "d", "e"]
    assert Mixed(1, e=5) == _build(ATTRS_INIT[Mixed], Mixed, [1], {"e": 5})
    assert Mixed(1, e=5).c == (1, 2)
    assert repr(Mixed(1, "x", [3], e=0, d=9)) == "Mixed(a=1, _b='x', c=(3,), d=9, e=0)"
    with pytest.raises(TypeError):
        Mixed(1, "x", (), 4, 5)  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Mixed(1, e=5).a = 2  # type: ignore[misc]


@pytest.mark.skipif(not hasattr(attrs, "Converter"), reason="attrs.Converter is attrs 24.1+")
def test_refuses_a_converter_object() -> None:
    @attrs.frozen
    class Selfish:
        x: int = attrs.field(converter=attrs.Converter(lambda v, self_: v, takes_self=True))  # type: ignore[misc]

    assert "not a plain callable" in _refused(lambda: fast_init(Selfish))
    assert Selfish not in ATTRS_INIT
