"""learnsum.records against the standard library: the same declaration made by ``record`` and by
``dataclasses.dataclass`` must behave the same (construction, errors, equality, order, hashing,
repr, frozen fields, pickling, copying, the helpers)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnsum import records
from learnsum.records import FrozenInstanceError, field, record

OPTIONS = st.fixed_dictionaries({
    "frozen": st.booleans(), "slots": st.booleans(), "kw_only": st.booleans(),
    "order": st.booleans(),
})
# A field: (has a default, the default comes from a factory, shown in repr, compared)
FIELDS = st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
                  max_size=5)
VALUES = st.one_of(st.integers(-3, 3), st.text(max_size=3), st.none(),
                   st.tuples(st.integers(0, 2)))


def _declare(options: dict[str, bool], spec: list[tuple[bool, bool, bool, bool]],
             maker: str) -> type:
    """The same class body, decorated by `record` or by `dataclasses.dataclass`."""
    make_field = field if maker == "record" else dataclasses.field
    namespace: dict[str, Any] = {"__annotations__": {}, "kind": "k", "__module__": __name__}
    namespace["__annotations__"]["kind"] = "ClassVar[str]"
    for index, (has_default, factory, shown, compared) in enumerate(spec):
        name = f"f{index}"
        namespace["__annotations__"][name] = "Any"
        extra: dict[str, Any] = {}
        if has_default:
            extra = {"default_factory": lambda: [1]} if factory else {"default": index}
        if extra or not shown or not compared:
            namespace[name] = make_field(repr=shown, compare=compared, **extra)
    cls = type("Sample", (), namespace)
    decorate = record if maker == "record" else dataclasses.dataclass
    return decorate(**options)(cls)  # type: ignore[no-any-return]


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return ("ok", call())
    except Exception as error:  # noqa: BLE001 - the kind of error is what is compared
        kind = "frozen" if isinstance(error, (FrozenInstanceError,
                                               dataclasses.FrozenInstanceError)) else \
            type(error).__name__
        return (kind, None)


def _state(obj: Any) -> Any:
    """What an instance holds, the same way for both kinds of class."""
    names = [f.name for f in (records.fields(obj) if records.is_record(obj)
                              else dataclasses.fields(obj))]
    return {name: getattr(obj, name) for name in names}


@settings(max_examples=150, deadline=None)
@given(OPTIONS, FIELDS, st.lists(VALUES, max_size=6), st.lists(VALUES, max_size=6),
       st.lists(st.sampled_from(["f0", "f1", "f2", "f3", "f9"]), max_size=3))
def test_record_behaves_as_dataclass(options: dict[str, bool],
                                     spec: list[tuple[bool, bool, bool, bool]],
                                     args: list[Any], other: list[Any],
                                     keywords: list[str]) -> None:
    declared = {maker: _outcome(lambda maker=maker: _declare(options, spec, maker))
                for maker in ("record", "dataclass")}
    assert declared["record"][0] == declared["dataclass"][0]
    if declared["record"][0] != "ok":
        return
    ours, theirs = declared["record"][1], declared["dataclass"][1]
    assert ours.__match_args__ == theirs.__match_args__
    assert [f.name for f in records.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert ours.kind == theirs.kind == "k"
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    assert hasattr(ours, "__slots__") == hasattr(theirs, "__slots__")

    def build(cls: type, values: list[Any]) -> Any:
        positional = values[:len(values) - len(keywords)] if not options["kw_only"] else []
        named = dict(zip(keywords, values[len(positional):]))
        return cls(*positional, **named)

    one = {name: _outcome(lambda cls=cls: build(cls, args))
           for name, cls in (("ours", ours), ("theirs", theirs))}
    two = {name: _outcome(lambda cls=cls: build(cls, other))
           for name, cls in (("ours", ours), ("theirs", theirs))}
    assert one["ours"][0] == one["theirs"][0]
    assert two["ours"][0] == two["theirs"][0]
    if one["ours"][0] != "ok":
        return
    a, b = one["ours"][1], one["theirs"][1]
    assert _state(a) == _state(b)
    assert repr(a) == repr(b)
    assert _outcome(lambda: hash(a))[0] == _outcome(lambda: hash(b))[0]
    if _outcome(lambda: hash(a))[0] == "ok":
        assert hash(a) == hash(ours(**_state(a)))
    # Assigning and deleting a field, or setting another attribute.
    for change in (lambda obj: setattr(obj, "f0", 5), lambda obj: delattr(obj, "f0"),
                   lambda obj: setattr(obj, "extra", 1)):
        if options["frozen"] and options["slots"]:
            # Python 3.11's dataclasses raise TypeError there (the generated __setattr__ names
            # the class as it was before slots were added); a frozen record says it is frozen.
            assert _outcome(lambda change=change: change(build(ours, args)))[0] == "frozen"
        else:
            assert _outcome(lambda change=change: change(build(ours, args)))[0] == \
                _outcome(lambda change=change: change(build(theirs, args)))[0]
    if two["ours"][0] == "ok":
        c, d = two["ours"][1], two["theirs"][1]
        assert (a == c) == (b == d)
        assert (a != c) == (b != d)
        for operator in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert _outcome(lambda op=operator: getattr(a, op)(c) is NotImplemented) == \
                _outcome(lambda op=operator: getattr(b, op)(d) is NotImplemented)
            if options["order"]:
                assert _outcome(lambda op=operator: getattr(a, op)(c)) == \
                    _outcome(lambda op=operator: getattr(b, op)(d))
    assert (a == object()) == (b == object()) is False


@record(frozen=True, slots=True, kw_only=True)
class Frozen:
    name: str
    items: list[int] = field(default_factory=list)


@record
class Plain:
    name: str
    count: int = 0


def test_pickling_and_copying_keep_every_field() -> None:
    frozen = Frozen(name="Child O", items=[1, 2])
    assert pickle.loads(pickle.dumps(frozen)) == frozen
    assert copy.deepcopy(frozen) == frozen and copy.copy(frozen) == frozen
    plain = Plain("x", 3)
    assert pickle.loads(pickle.dumps(plain)) == plain
    plain.count = 4
    assert plain == Plain("x", 4) and Plain.__hash__ is None


def test_helpers_and_errors() -> None:
    @record(frozen=True)
    class Inner:
        value: int
        note: str = field(default="", repr=False, compare=False)

    @record(frozen=True)
    class Outer:
        inner: Inner
        rest: tuple[Inner, ...] = ()
        kind: ClassVar[str] = "outer"

    outer = Outer(Inner(1, "a"), (Inner(2),))
    assert records.as_dict(outer) == {"inner": {"value": 1, "note": "a"},
                                      "rest": ({"value": 2, "note": ""},)}
    assert records.replace(outer, rest=()) == Outer(Inner(1, "b"))
    assert repr(Inner(1, "hidden")).endswith("Inner(value=1)")
    assert records.is_record(Outer) and records.is_record(outer)
    assert not records.is_record(object())
    with pytest.raises(TypeError):
        records.fields(object())
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'value'"):
        Inner(1).value = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Bad:
            items: list[int] = []
    with pytest.raises(ValueError, match="both default and default_factory"):
        field(default=1, default_factory=list)
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        Inner(1, nope=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required argument: 'value'"):
        Inner()  # type: ignore[call-arg]


def test_learnsum_imports_no_dataclasses() -> None:
    """Reading and rendering do without the standard library's dataclasses (and inspect)."""
    import subprocess
    import sys

    # (Older ruamel.yaml releases use dataclasses themselves: only what learnsum adds counts.)
    code = ("import sys, ruamel.yaml; before = set(sys.modules); "
            "import learnsum.commands.render, learnsum.commands.validate, "
            "learnsum.render.docx_text; "
            "print(sorted({'dataclasses', 'inspect'} & (set(sys.modules) - before)))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert shown.stdout.strip() == "[]"
