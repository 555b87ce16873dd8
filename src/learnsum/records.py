"""Record classes: what ``dataclasses.dataclass`` makes, made without generating code.

learnsum's data (a summary, the document view, a problem, a finding) is held in small classes
declared the way dataclasses are declared: annotated fields, defaults, ``field(...)``. The
standard library's decorator writes each class's ``__init__``, ``__eq__``, ``__repr__`` and the
rest as source text and compiles it, which costs about 0.7 ms a class, and importing
``dataclasses`` brings ``inspect`` and ``ast`` with it: together about a third of a cold
``learnsum render`` (measured in docs/benchmarks.md). :func:`record` gives a class the same
methods as closures over its field list, in a few microseconds.

Only what learnsum uses is here, with dataclasses' meaning: ``frozen``, ``slots``, ``kw_only``,
``order``, ``eq``, and fields with ``default``, ``default_factory``, ``repr`` and ``compare``.
tests/test_records.py holds every combination to what ``dataclasses.dataclass`` does with the same
declaration. :func:`fields`, :func:`replace` and :func:`as_dict` are the helpers of the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform, overload

__all__ = ["FrozenInstanceError", "as_dict", "field", "fields", "is_record", "record", "replace"]

_T = TypeVar("_T")
_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen record is assigned or deleted."""


class Field:
    """How one field was declared; :func:`fields` lists them in order."""

    __slots__ = ("name", "default", "default_factory", "repr", "compare", "kw_only")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare
        self.kw_only = False

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, repr={self.repr}, " \
               f"compare={self.compare}, kw_only={self.kw_only})"


@overload
def field(*, default: _T, repr: bool = True, compare: bool = True) -> _T: ...
@overload
def field(*, default_factory: Callable[[], _T], repr: bool = True, compare: bool = True) -> _T: ...
@overload
def field(*, repr: bool = True, compare: bool = True) -> Any: ...
def field(*, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True,
          compare: bool = True) -> Any:
    """A field with a factory for its default, or left out of ``repr`` or comparisons."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr, compare)


@overload
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, frozen: bool = False, slots: bool = False, kw_only: bool = False,
           order: bool = False, eq: bool = True) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform(field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, frozen: bool = False, slots: bool = False,
           kw_only: bool = False, order: bool = False, eq: bool = True) -> Any:
    """Make ``cls`` a record, as ``dataclasses.dataclass`` with the same arguments would."""
    def wrap(cls: type[_T]) -> type[_T]:
        return _make(cls, frozen=frozen, slots=slots, kw_only=kw_only, order=order, eq=eq)
    return wrap if cls is None else wrap(cls)


def is_record(value: Any) -> bool:
    """True for a record class or one of its instances."""
    return hasattr(value, "__record_fields__")


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    try:
        found: tuple[Field, ...] = value.__record_fields__
    except AttributeError:
        raise TypeError("must be called with a record class or instance") from None
    return found


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` with the given fields changed."""
    for item in fields(obj):
        if item.name not in changes:
            changes[item.name] = getattr(obj, item.name)
    return obj.__class__(**changes)


def as_dict(obj: Any) -> Any:
    """``obj`` as plain dicts, lists and tuples, records inside it included."""
    if is_record(obj) and not isinstance(obj, type):
        return {item.name: as_dict(getattr(obj, item.name)) for item in fields(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[as_dict(value) for value in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(as_dict(value) for value in obj)
    if isinstance(obj, dict):
        return type(obj)((as_dict(key), as_dict(value)) for key, value in obj.items())
    return obj


def _is_class_var(annotation: Any) -> bool:
    if isinstance(annotation, str):
        text = annotation.strip()
        return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


def _collect(cls: type, kw_only: bool) -> list[Field]:
    found: dict[str, Field] = {}
    for base in cls.__mro__[-1:0:-1]:
        for item in base.__dict__.get("__record_fields__", ()):
            found[item.name] = item
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        declared = cls.__dict__.get(name, _MISSING)
        if isinstance(declared, Field):
            item = Field(declared.default, declared.default_factory, declared.repr,
                         declared.compare)
        else:
            item = Field(declared, _MISSING, True, True)
            if declared is not _MISSING and type(declared).__hash__ is None:
                raise ValueError(f"mutable default {type(declared)} for field {name} is not "
                                 "allowed: use default_factory")
        item.name = name
        item.kw_only = kw_only
        found[name] = item
    items = list(found.values())
    seen_default = False
    for item in items:
        if item.kw_only:
            continue
        if item.default is not _MISSING or item.default_factory is not _MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {item.name!r} follows default argument")
    return items


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda obj: (single(obj),)
    return attrgetter(*names)


def _init(cls: type, items: list[Field]) -> Callable[..., None]:
    qualname = cls.__qualname__
    positional = tuple(item for item in items if not item.kw_only)
    ordered = positional + tuple(item for item in items if item.kw_only)
    names = frozenset(item.name for item in items)
    setter = object.__setattr__
    post_init = getattr(cls, "__post_init__", None)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(positional):
            raise TypeError(f"{qualname}.__init__() takes {len(positional) + 1} positional "
                            f"arguments but {len(args) + 1} were given")
        missing = []
        for index, item in enumerate(ordered):
            name = item.name
            if index < len(args):
                if name in kwargs:
                    raise TypeError(f"{qualname}.__init__() got multiple values for argument "
                                    f"{name!r}")
                value = args[index]
            elif name in kwargs:
                value = kwargs[name]
            elif item.default is not _MISSING:
                value = item.default
            elif item.default_factory is not _MISSING:
                value = item.default_factory()
            else:
                missing.append(name)
                continue
            setter(self, name, value)
        if missing:
            listed = ", ".join(repr(name) for name in missing)
            raise TypeError(f"{qualname}.__init__() missing {len(missing)} required "
                            f"argument{'s' if len(missing) > 1 else ''}: {listed}")
        if len(kwargs) > len(names) or any(name not in names for name in kwargs):
            unknown = next(name for name in kwargs if name not in names)
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument "
                            f"{unknown!r}")
        if post_init is not None:
            self.__post_init__()

    __init__.__qualname__ = f"{qualname}.__init__"
    return __init__


def _set(cls: type, name: str, value: Any) -> None:
    if name not in cls.__dict__:
        if callable(value) and hasattr(value, "__qualname__"):
            value.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, value)


def _make(cls: type[_T], *, frozen: bool, slots: bool, kw_only: bool, order: bool,
          eq: bool) -> type[_T]:
    items = _collect(cls, kw_only)
    own = {item.name for item in items}
    for base in cls.__mro__[1:]:
        if "__record_fields__" in base.__dict__:
            own -= {item.name for item in base.__dict__["__record_fields__"]}
            if frozen != base.__dict__["__record_frozen__"]:
                raise TypeError("cannot inherit frozen record from a non-frozen one"
                                if frozen else
                                "cannot inherit non-frozen record from a frozen one")
    for item in items:
        if item.name in own and item.name in cls.__dict__:
            if item.default is _MISSING:
                delattr(cls, item.name)
            else:
                setattr(cls, item.name, item.default)
    if slots:
        namespace = dict(cls.__dict__)
        names = tuple(item.name for item in items if item.name in own)
        for name in names:
            namespace.pop(name, None)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        namespace["__slots__"] = names
        qualname = cls.__qualname__
        meta: Any = type(cls)
        cls = meta(cls.__name__, cls.__bases__, namespace)
        cls.__qualname__ = qualname

    all_fields = tuple(items)
    cls.__record_fields__ = all_fields  # type: ignore[attr-defined]
    cls.__record_frozen__ = frozen  # type: ignore[attr-defined]
    _set(cls, "__init__", _init(cls, items))
    shown = tuple(item.name for item in items if item.repr)
    qualname = cls.__qualname__

    def __repr__(self: Any) -> str:
        return f"{qualname}(" + ", ".join(f"{name}={getattr(self, name)!r}"
                                          for name in shown) + ")"
    _set(cls, "__repr__", __repr__)

    compared = _getter(tuple(item.name for item in items if item.compare))
    if eq:
        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented
        _set(cls, "__eq__", __eq__)
    if order:
        if not eq:
            raise ValueError("eq must be true if order is true")
        for name, compare in (("__lt__", tuple.__lt__), ("__le__", tuple.__le__),
                              ("__gt__", tuple.__gt__), ("__ge__", tuple.__ge__)):
            if name in cls.__dict__:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}. "
                                "Consider using functools.total_ordering")
            _set(cls, name, _ordering(compare, compared))

    class_hash = cls.__dict__.get("__hash__", _MISSING)
    explicit_hash = not (class_hash is _MISSING or (class_hash is None
                                                    and "__eq__" in cls.__dict__))
    if eq and not explicit_hash:
        if frozen:
            def __hash__(self: Any) -> int:
                return hash(compared(self))
            __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
            cls.__hash__ = __hash__  # type: ignore[method-assign]
        else:
            cls.__hash__ = None  # type: ignore[method-assign,assignment]

    if frozen:
        field_names = frozenset(item.name for item in items)
        made = cls

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is made or name in field_names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(made, self).__setattr__(name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is made or name in field_names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(made, self).__delattr__(name)

        for name in ("__setattr__", "__delattr__"):
            if name in cls.__dict__:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        _set(cls, "__setattr__", __setattr__)
        _set(cls, "__delattr__", __delattr__)
        if slots:
            every = tuple(item.name for item in items)

            def __getstate__(self: Any) -> list[Any]:
                return [getattr(self, name) for name in every]

            def __setstate__(self: Any, state: list[Any]) -> None:
                for name, value in zip(every, state):
                    object.__setattr__(self, name, value)

            _set(cls, "__getstate__", __getstate__)
            _set(cls, "__setstate__", __setstate__)

    _set(cls, "__match_args__", tuple(item.name for item in items if not item.kw_only))
    return cls


def _ordering(compare: Callable[[tuple[Any, ...], tuple[Any, ...]], bool],
              compared: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(compared(self), compared(other))
        return NotImplemented
    return method
