"""A cheaper ``__init__`` for the frozen attrs classes built by the thousand per report.

attrs' ``__init__`` of a frozen class sets each field with ``object.__setattr__`` by name
(a look-up of the name in the class for every field of every object). :func:`fast_init`
replaces it by one that calls each slot's member descriptor directly, with the same
signature (positional order, defaults, keyword-only fields) and the same effect. The
class stays what attrs made of it otherwise: assignment still raises
:class:`attrs.exceptions.FrozenInstanceError`, and equality, hashing, ``repr``,
:func:`attrs.fields`, :func:`attrs.evolve`, pickling and cattrs are attrs' own.

Only classes whose ``__init__`` does nothing but store its arguments are accepted: no
factories, validators, ``on_setattr`` hooks, ``__attrs_pre_init__`` /
``__attrs_post_init__``, cached hashes or ``init=False`` fields; a converter (a plain
callable) is called on its argument as attrs does. Any other class is refused with a
``TypeError`` when it is decorated, that is at import.
"""

from __future__ import annotations

import linecache
import types
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from attrs.exceptions import FrozenInstanceError

__all__ = ["ATTRS_INIT", "fast_init"]

C = TypeVar("C", bound=type)

ATTRS_INIT: dict[type, Callable[..., None]] = {}
"""Each class :func:`fast_init` changed → the ``__init__`` attrs had generated (for tests)."""

_PREFIX = "_fast_"
"""The generated function's own names start with it; no parameter may."""

_IGNORED_SLOTS = frozenset(("__weakref__", "__dict__"))


def _refuse(cls: type, why: str) -> TypeError:
    return TypeError(f"fast_init cannot handle {cls.__qualname__}: {why}")


def _descriptor(cls: type, name: str) -> Any:
    """The member descriptor of slot ``name`` (in the class or the base that declares it)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            if isinstance(found, types.MemberDescriptorType):
                return found
            break
    raise _refuse(cls, f"{name} is not a slot")


def _check_class(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    if not isinstance(cls, type) or not attrs.has(cls):
        raise TypeError(f"fast_init takes an attrs class, not {cls!r}")
    if "__slots__" not in cls.__dict__:
        raise _refuse(cls, "not slotted")
    original = cls.__dict__.get("__init__")
    code = getattr(original, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        raise _refuse(cls, "its __init__ is not the one attrs generated")
    for hook in ("__attrs_pre_init__", "__attrs_post_init__"):
        if hasattr(cls, hook):
            raise _refuse(cls, f"it has {hook}")
    fields: tuple[attrs.Attribute[Any], ...] = tuple(attrs.fields(cls))
    if not fields:
        raise _refuse(cls, "it has no fields")
    names = {f.name for f in fields}
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in names and slot not in _IGNORED_SLOTS:
                raise _refuse(cls, f"its slot {slot} is no field (a cached hash?)")
    converter_type = getattr(attrs, "Converter", ())
    for field in fields:
        if not field.init:
            raise _refuse(cls, f"{field.name} is init=False")
        if field.validator is not None:
            raise _refuse(cls, f"{field.name} has a validator")
        if field.on_setattr is not None:
            raise _refuse(cls, f"{field.name} has on_setattr")
        if isinstance(field.default, attrs.Factory):
            raise _refuse(cls, f"{field.name} has a factory default")
        converter = field.converter
        if converter is not None and (isinstance(converter, converter_type) or not callable(converter)):
            raise _refuse(cls, f"{field.name} has a converter that is not a plain callable")
        alias = field.alias or field.name
        if not alias.isidentifier() or alias.startswith(_PREFIX) or alias == "self":
            raise _refuse(cls, f"its parameter name {alias!r} cannot be used")
    probe = object.__new__(cls)
    try:
        setattr(probe, fields[0].name, None)
    except FrozenInstanceError:
        pass
    else:
        raise _refuse(cls, "not frozen")
    return fields


def fast_init(cls: C) -> C:
    """Give the frozen, slotted attrs class ``cls`` an ``__init__`` that sets its slots directly.

    Use it as a class decorator above ``@attrs.frozen``. Returns ``cls``, changed.

    Raises:
        TypeError: ``cls`` is not such a class, or its ``__init__`` does more than store
            (see the module docstring).
    """
    fields = _check_class(cls)
    namespace: dict[str, Any] = {}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for number, field in enumerate(fields):
        alias = field.alias or field.name
        parameter = alias
        if field.default is not attrs.NOTHING:
            namespace[f"{_PREFIX}default_{number}"] = field.default
            parameter = f"{alias}={_PREFIX}default_{number}"
        (keyword if field.kw_only else positional).append(parameter)
        namespace[f"{_PREFIX}set_{number}"] = _descriptor(cls, field.name).__set__
        value = alias
        if field.converter is not None:
            namespace[f"{_PREFIX}convert_{number}"] = field.converter
            value = f"{_PREFIX}convert_{number}({alias})"
        body.append(f"    {_PREFIX}set_{number}(self, {value})\n")
    parameters = ["self", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(parameters)}):\n{''.join(body)}"
    filename = f"<govinfo fast init {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), namespace)  # our own text, built from the fields
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    init = namespace["__init__"]
    original = cls.__dict__["__init__"]
    init.__annotations__ = dict(original.__annotations__)
    init.__doc__ = original.__doc__
    init.__module__ = cls.__module__
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    ATTRS_INIT[cls] = original
    type.__setattr__(cls, "__init__", init)
    return cls
