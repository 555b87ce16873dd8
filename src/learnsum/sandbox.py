"""Jinja2's sandbox, with bounds on what a template may cost.

A partnership's own templates (`--template-dir`) run in Jinja2's sandbox, which keeps them from
reaching Python, but not from running away: `{{ "x"|center(1000000000) }}` asks for gigabytes,
`{{ lipsum(200000) }}` for seconds, two nested loops over `range(100000)` for hours. Here every
template (learnsum's own too: one mechanism) is held to a budget, checked as it goes rather
than by a timer thread:

* steps: each loop turn, call, filter and intercepted operator is one step (MAX_STEPS);
* text: no one value made by the template may be longer than MAX_VALUE_CHARS, all the text it
  makes together no more than MAX_MADE_CHARS, and its output no more than MAX_OUTPUT_CHARS;
  operations that can make a long text from a short one (`*`, `+`, `~`, `%`, center, indent,
  wordwrap, format, replace, join, the same methods of strings) are checked *before* they run;
* time: MAX_SECONDS of processor time for one rendering, a last guard for work no step counts;
* size of numbers, ranges (Jinja2's own MAX_RANGE), lipsum() and of the template files.

Past a bound, rendering stops with :class:`TemplateLimit`; :func:`render` turns it (and the
sandbox's own refusals) into one line naming the template file and line.
"""

from __future__ import annotations

import re
import string
import traceback
from collections.abc import Callable, Iterable, Iterator
from time import process_time
from typing import TYPE_CHECKING, Any

from jinja2 import nodes
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum, pass_eval_context
from jinja2.visitor import NodeTransformer

from . import patterns as _patterns

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.nodes import EvalContext

#: Loop turns, calls, filters and operators one rendering may take (a summary takes thousands).
MAX_STEPS = 1_000_000
#: The longest text one expression may make: twice the largest summary file.
MAX_VALUE_CHARS = 5_000_000
#: All the text a rendering may make on the way, and what it may output.
MAX_MADE_CHARS = 50_000_000
MAX_OUTPUT_CHARS = 20_000_000
#: Processor seconds one rendering may take (learnsum's templates take milliseconds).
MAX_SECONDS = 1.0
#: The largest number (in bits) `*` and `**` may make.
MAX_INT_BITS = 100_000
#: lipsum(): paragraphs, and words in one.
MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1_000
#: batch() and slice() make lists of this many at most.
MAX_PIECES = 100_000
#: A template file larger than this is not read.
_STEP_FILTER = "learnsum_step"  # not a name a template can define or replace
_CONCAT_FILTER = "learnsum_concat"


class TemplateLimit(Exception):
    """A template went past one of the bounds; the message says which, in one line."""


class Budget:
    """What one rendering has used."""

    def __init__(self) -> None:
        self.steps = 0
        self.made = 0
        self.output = 0
        self.deadline = process_time() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"it took more than {MAX_STEPS:,} steps (loop turns, calls, "
                                "filters); make it do less")
        if not self.steps & 255 and process_time() > self.deadline:
            self.timeout()

    def timeout(self) -> None:
        raise TemplateLimit(f"it ran for more than {MAX_SECONDS:g} s; make it do less")

    def make(self, chars: int, what: str = "a text") -> None:
        """Account for a value of `chars` characters about to be made."""
        if chars > MAX_VALUE_CHARS:
            raise TemplateLimit(f"{what} would be {chars:,} characters long, more than the "
                                f"{MAX_VALUE_CHARS:,} one value may have")
        self.made += chars
        if self.made > MAX_MADE_CHARS:
            raise TemplateLimit(f"it made more than {MAX_MADE_CHARS:,} characters of text; "
                                "make it do less")


def weight(value: Any, limit: int = MAX_VALUE_CHARS, depth: int = 0) -> int:
    """About how many characters `value` takes as text (str() of a list shows every item),
    counted no further than just past `limit` (nor deeper than 20 levels: a list holding
    itself is shown as [...])."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1
    if isinstance(value, (list, tuple, set, frozenset, dict)) and depth < 20:
        total = 2
        items: Iterable[Any] = value.items() if isinstance(value, dict) else value
        for item in items:
            total += weight(item, limit - total, depth + 1) + 2
            if total > limit:
                break
        return total
    return 1


# -- checks before an operation makes a text -------------------------------------------------

_PERCENT_SPEC = _patterns.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_numbers(numbers: Iterable[str], args: Iterable[Any], what: str) -> None:
    """Widths and precisions in a format (`*` or a nested field takes one from the args)."""
    for number in numbers:
        if number.isdigit() and int(number) > MAX_VALUE_CHARS:
            raise TemplateLimit(f"{what} asks for a width of {int(number):,} characters, more "
                                f"than the {MAX_VALUE_CHARS:,} one value may have")
        if not number.isdigit():
            for arg in args:
                if isinstance(arg, int) and abs(arg) > MAX_VALUE_CHARS:
                    raise TemplateLimit(f"{what} asks for a width of {arg:,} characters, more "
                                        f"than the {MAX_VALUE_CHARS:,} one value may have")


def _check_percent(fmt: str, args: Any) -> None:
    values = args if isinstance(args, tuple) else (args,)
    numbers = [n for m in _PERCENT_SPEC.finditer(fmt) for n in m.groups() if n]
    _check_numbers(numbers, values, "a % format")


def _check_str_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    numbers: list[str] = []
    try:
        for _, _, spec, _ in string.Formatter().parse(fmt):
            if spec:
                numbers.extend("*" if "{" in spec else n for n in re.findall(r"\d+|\{", spec))
    except ValueError:
        return  # not a valid format: str.format will say so
    _check_numbers(numbers, [*args, *kwargs.values()], "format()")


def _replaced_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _joined_size(items: list[Any], separator: Any) -> int:
    gap = weight(separator)
    return sum(weight(item) for item in items) + gap * max(0, len(items) - 1)


def _wrapped_size(text: Any, width: Any, wrapstring: Any) -> int:
    if not isinstance(text, str):
        return 0
    lines = len(text) // max(1, width if isinstance(width, int) else 1) + text.count("\n") + 1
    if lines > MAX_PIECES:
        raise TemplateLimit(f"wordwrap() would make {lines:,} lines, more than {MAX_PIECES:,}")
    return len(text) + lines * weight(wrapstring if wrapstring is not None else "\n")


def _indented_size(text: Any, width: Any) -> int:
    if not isinstance(text, str):
        return 0
    indent = width if isinstance(width, int) else weight(width)
    return len(text) + (text.count("\n") + 1) * max(0, indent)


def _padded_size(text: Any, width: Any) -> int:
    return max(weight(text), width if isinstance(width, int) else 0)


def _pieces(count: Any, what: str) -> None:
    if isinstance(count, int) and count > MAX_PIECES:
        raise TemplateLimit(f"{what}({count:,}) would make more than {MAX_PIECES:,} pieces")


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str,
         default: Any = None) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _filter_size(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The size of what filter `name` would make of `value`, for the filters that can make much
    more than they are given (0: nothing to check before)."""
    if name == "center":
        return _padded_size(value, _arg(args, kwargs, 0, "width", 80))
    if name == "indent":
        return _indented_size(value, _arg(args, kwargs, 0, "width", 4))
    if name == "wordwrap":
        return _wrapped_size(value, _arg(args, kwargs, 0, "width", 79),
                             _arg(args, kwargs, 2, "wrapstring"))
    if name == "replace":
        return _replaced_size(value, _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new"),
                              _arg(args, kwargs, 2, "count", -1))
    if name == "format" and isinstance(value, str):
        _check_percent(value, kwargs or args)
    if name in ("batch", "slice"):
        _pieces(_arg(args, kwargs, 0, "linecount" if name == "batch" else "slices"), name)
    if name == "tojson":
        _pieces(_arg(args, kwargs, 0, "indent"), "tojson")
    return 0


def _method_size(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """As _filter_size(), for methods of strings (and `format` through the sandbox)."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, (str, bytes)):
        return 0
    if name in ("center", "ljust", "rjust", "zfill"):
        return _padded_size(owner, _arg(args, kwargs, 0, "width", 0))
    if name == "expandtabs":
        size = _arg(args, kwargs, 0, "tabsize", 8)
        tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        return len(owner) + tabs * (size if isinstance(size, int) else 8)
    if name == "replace":
        return _replaced_size(owner, _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new"),
                              _arg(args, kwargs, 2, "count", -1))
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        return _joined_size(list(args[0]), owner)
    if name == "translate" and isinstance(owner, str) and args and isinstance(args[0], dict):
        longest = max((weight(v) for v in args[0].values()), default=1)
        return len(owner) * max(1, longest)
    if name in ("format", "format_map") and isinstance(owner, str):
        if name == "format_map" and args and isinstance(args[0], dict):
            _check_str_format(owner, (), args[0])
        else:
            _check_str_format(owner, args, kwargs)
    return 0


# -- the environment ---------------------------------------------------------------------------


class _Counted(NodeTransformer):
    """Rewrites a parsed template so that every loop turn is a step and every `~` is checked:
    each loop's iterable goes through the step filter, each concatenation through the concat
    filter (filters are looked up by name in the environment, which a template cannot change)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _STEP_FILTER, [], [], None, None,
                                 lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(list(node.nodes), lineno=node.lineno)
        return nodes.Filter(items, _CONCAT_FILTER, [], [], None, None, lineno=node.lineno)


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with every loop turn, call, filter and `*`, `+`, `%`, `**` counted and
    checked against the rendering's :class:`Budget` (set by :func:`render`)."""

    intercepted_binops = frozenset({"*", "+", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = Budget()
        self.finalize = self._finalize
        for name, function in list(self.filters.items()):
            self.filters[name] = self._counted_filter(name, function)
        self.filters[_STEP_FILTER] = self._steps
        self.filters[_CONCAT_FILTER] = self._concat
        self.globals["lipsum"] = self._lipsum

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        counted = _Counted().visit(tree)
        assert isinstance(counted, nodes.Template)
        return counted

    # -- what templates do ------------------------------------------------------------------

    def _steps(self, iterable: Any) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            budget.step()
            yield item

    @pass_eval_context
    def _concat(self, eval_ctx: EvalContext, items: list[Any]) -> str:
        self.budget.step()
        self.budget.make(sum(weight(item) for item in items), "a text joined with ~")
        return markup_join(items) if eval_ctx.autoescape else str_join(items)

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        self.budget.step()
        if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS:
            raise TemplateLimit(f"lipsum() may make at most {MAX_LIPSUM_PARAGRAPHS} paragraphs "
                                f"of at most {MAX_LIPSUM_WORDS:,} words")
        return generate_lorem_ipsum(n, html, min, max)

    def _finalize(self, value: Any) -> Any:
        """Every {{ value }} on its way out: not turned into a text beyond the output bound."""
        size = weight(value, MAX_OUTPUT_CHARS)
        if self.budget.output + size > MAX_OUTPUT_CHARS:
            raise TemplateLimit(f"its output would be more than {MAX_OUTPUT_CHARS:,} characters")
        return value

    def _counted_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        budget_of = self

        # Filters that take the context, the evaluation context or the environment get it
        # first; the wrapper passes it on, and is marked to receive it.
        passed = 1 if hasattr(function, "jinja_pass_arg") else 0

        def counted(*args: Any, **kwargs: Any) -> Any:
            budget = budget_of.budget
            budget.step()
            value = args[passed] if len(args) > passed else None
            size = _filter_size(name, value, args[passed + 1:], kwargs)
            if size:
                budget.make(size, f"the result of {name}()")
            if name == "join" and value is not None and not isinstance(value, (str, bytes)):
                items = list(value)
                joiner = _arg(args[passed + 1:], kwargs, 0, "d", "")
                if _arg(args[passed + 1:], kwargs, 1, "attribute") is None:
                    budget.make(_joined_size(items, joiner), "the result of join()")
                args = (*args[:passed], items, *args[passed + 1:])
            result = function(*args, **kwargs)
            if isinstance(result, (str, list, tuple)) and not size:
                budget.make(weight(result), f"the result of {name}()")
            return result

        if passed:
            counted.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        return counted

    # -- the sandbox's hooks ----------------------------------------------------------------

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.budget
        budget.step()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format, as the sandbox wraps it
        size = _method_size(target, args, kwargs)
        if size:
            budget.make(size, f"the result of {getattr(target, '__name__', 'a call')}()")
        owner = getattr(target, "__self__", None)
        if isinstance(owner, (list, dict, set)):
            budget.make(sum(weight(arg) for arg in (*args, *kwargs.values())), "a list")
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes)) and not size:
            budget.make(len(result), "a text")
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        budget.step()
        if operator == "*":
            if isinstance(right, int) and isinstance(left, (str, bytes, list, tuple)):
                budget.make(weight(left) * max(0, right), f"a text repeated {right:,} times")
            elif isinstance(left, int) and isinstance(right, (str, bytes, list, tuple)):
                budget.make(weight(right) * max(0, left), f"a text repeated {left:,} times")
            elif isinstance(left, int) and isinstance(right, int):
                _check_bits(left.bit_length() + right.bit_length())
        elif operator == "+" and isinstance(left, (str, bytes, list, tuple)):
            budget.make(weight(left) + weight(right), "a text joined with +")
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 100:
                raise TemplateLimit(f"a power of {right} is beyond what a template may make")
            if isinstance(left, int) and isinstance(right, int):
                _check_bits(left.bit_length() * max(0, right))
        result = self.binop_table[operator](left, right)
        if operator == "%" and isinstance(result, str):
            budget.make(len(result), "a % format")
        return result


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(f"a number of about {bits:,} bits is beyond what a template may make")


def render(template: Template, **context: Any) -> str:
    """`template` rendered within a new budget (its environment must be a BoundedSandbox)."""
    environment = template.environment
    assert isinstance(environment, BoundedSandbox)
    budget = environment.budget = Budget()
    parts: list[str] = []
    for part in template.generate(**context):
        budget.output += len(part)
        if budget.output > MAX_OUTPUT_CHARS:
            raise TemplateLimit(f"its output would be more than {MAX_OUTPUT_CHARS:,} characters")
        parts.append(part)
        if len(parts) >= 4096:  # a million tiny pieces would take more memory than their text
            parts = ["".join(parts)]
    if process_time() > budget.deadline:
        budget.timeout()
    return "".join(parts)


def where(error: BaseException, fallback: str) -> str:
    """The template file and line an exception was raised at ("file:line"), from the traceback
    Jinja2 rewrites to point into templates; `fallback` when it points into none."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py") and frame.lineno:
            return f"{frame.filename}:{frame.lineno}"
    return fallback


__all__ = ["MAX_STEPS", "MAX_VALUE_CHARS", "MAX_MADE_CHARS", "MAX_OUTPUT_CHARS", "MAX_SECONDS",
           "BoundedSandbox", "Budget", "TemplateLimit", "render", "weight",
           "where"]
