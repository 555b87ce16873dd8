"""Building the summary's data from the form's rows: one reader per section of the form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .. import catalogue
from ..catalogue import FIELD_LABELS, FORM_TITLE
from ..config import Config
from ..dates import DateFormatError, Month, parse_month
from .dates import DATE_IN_TEXT, first_month, read_date, tidy_date_text
from .form import Block, Form, Grid, Imported, ImportRefused, Para, Place, RowMatch
from .labels import (
    MATCH_THRESHOLD,
    has_text,
    match_rows,
    merge_rows,
    section_score,
    similarity,
    strip_prompt,
    tokens,
)


def _fold(text: str) -> str:
    return " ".join(tokens(text))


def field_value(para: Para, label: str, *, strict: bool = False) -> str | None:
    """The value of a "Label: value" line (bold label or typed; only bold when `strict`), or
    None when it is not one."""
    if para.bold_prefix and _fold(para.bold_prefix.rstrip(": ")) == _fold(label):
        return para.text[len(para.bold_prefix):].strip() if para.text.startswith(
            para.bold_prefix) else para.text.split(":", 1)[-1].strip()
    if strict:
        return None
    head, colon, rest = para.text.partition(":")
    if colon and _fold(head) == _fold(label):
        return rest.strip()
    return None


def _vocabulary_id(text: str, terms: Iterable[catalogue.Term]) -> str | None:
    folded = _fold(text)
    for term in terms:
        if folded in (_fold(term.label), _fold(term.id)):
            return term.id
    return None


_KIND_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z \-]{1,30}?)\s*:\s+(.*)$", re.S)


def _point(para: Para, config: Config, imported: Imported, place: Place) -> str | dict[str, Any]:
    """A learning point: its kind from a "Concern:" prefix, its themes from "(Themes: ...)".

    In a document learnsum made, only the renderer's formatting says so (the kind in bold at the
    start, the themes in italics at the end): the author's own words are never read as either."""
    text = para.text
    kind = None
    generated = imported.generated
    if generated:
        prefix = para.bold_prefix
        if prefix.endswith(":") and text.startswith(prefix):
            found = _vocabulary_id(prefix[:-1], catalogue.POINT_KINDS)
            if found:
                kind, text = found, text[len(prefix):].strip()
    else:
        match = _KIND_PREFIX.match(text)
        if match:
            found = _vocabulary_id(match.group(1), catalogue.POINT_KINDS)
            if found:
                kind, text = found, match.group(2)
    themes: list[str] = []
    theme_label = re.escape(FIELD_LABELS["themes"])
    suffix_pattern = re.compile(rf"\s*\(\s*{theme_label}\s*:\s*(.*)\)\s*$", re.IGNORECASE | re.S)
    suffix = None
    if generated:
        if para.italic_suffix and text.endswith(para.italic_suffix.rstrip()):
            found_suffix = suffix_pattern.fullmatch(para.italic_suffix)
            if found_suffix:
                start = len(text) - len(para.italic_suffix.rstrip())
                suffix = (start, found_suffix.group(1))
    else:
        found_suffix = re.search(rf"\s*\(\s*{theme_label}\s*:\s*([^()]*)\)\s*$", text,
                                 re.IGNORECASE)
        if found_suffix:
            suffix = (found_suffix.start(), found_suffix.group(1))
    if suffix:
        labels = suffix[1]
        found_themes, unknown = themes_in(labels, config.themes)
        if found_themes or not generated:
            text = text[: suffix[0]]
            themes = found_themes
            for label in unknown:
                imported.todo(place, f"theme '{label}' is not in the vocabulary; add it to "
                                     "`themes:` with its id if it belongs")
    text = text.strip() if generated else _capitalise(text.strip())
    if kind is None and not themes:
        return text
    point: dict[str, Any] = {"text": text}
    if kind:
        point["kind"] = kind
    if themes:
        point["themes"] = themes
    return point


def _capitalise(text: str) -> str:
    """A point typed starting in lower case ("the police did not ...") starts with a capital;
    a word that has a capital of its own ("iPad", "eCAF") is left as written."""
    first = text.split(" ", 1)[0]
    if not first.isalpha() or not first.islower():
        return text
    return text[:1].upper() + text[1:]


_INLINE_BULLET = re.compile(r"(?:^|\s)[*•]\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_PSEUDONYM = re.compile(
    r"\b(?:Child|Children|Baby|Adult|Young Person|Family)\s+[A-Z][A-Z0-9]{0,2}\b")


def _split_inline(paras: Iterable[Para], generated: bool = False) -> list[Para]:
    """Bullets typed inside one paragraph ("intro * one * two") as list items of their own:
    where the paragraph starts with one (or is a bullet itself), or holds two or more ("Reports
    * were late" is one sentence). Anything in a document learnsum made is as written."""
    result = []
    for para in paras:
        pieces = _INLINE_BULLET.split(para.text)
        starts = bool(re.match(r"^[*•]\s", para.text))
        if generated or len(pieces) == 1 or (len(pieces) == 2 and not starts
                                              and not para.listed):
            result.append(para)
            continue
        head = pieces[0].strip()
        if head:
            result.append(Para(head, para.listed, para.bold_prefix))
        result.extend(Para(piece.strip(), True) for piece in pieces[1:] if piece.strip())
    return result


def _paras_only(blocks: Iterable[Block]) -> list[Para]:
    result: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            result.append(block)
        else:
            for row in block.rows:
                result.extend(p for cell in row for p in cell)
    return result


def text_value(paras: Sequence[Para]) -> str | list[str]:
    """Text as the format holds it: a list when every paragraph is a list item, else paragraphs
    separated by blank lines."""
    texts = [p.text.strip() for p in paras if p.text.strip()]
    if texts and all(p.listed for p in paras if p.text.strip()):
        return texts
    return "\n\n".join(texts)


@lru_cache(maxsize=1)
def _update_header() -> re.Pattern[str]:
    sender_label = re.escape(FIELD_LABELS["updates.from"])
    return re.compile(
        rf"^\s*(?P<date>{DATE_IN_TEXT.pattern})\s*[-–—:,]?\s*"
        rf"(?:(?:an?\s+)?update\s+(?:received\s+)?from\s+|{sender_label}\s*:\s*)"
        r"(?P<sender>[^:]+?)\s*(?::\s*(?P<rest>.*))?$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _rendered_sender() -> re.Pattern[str]:
    """What follows the date of an update as learnsum renders it: " – From: sender"."""
    return re.compile(rf"^\s*[–-]\s*{re.escape(FIELD_LABELS['updates.from'])}:\s*(?P<sender>.*)$",
                      re.S)


def take_updates(blocks: Sequence[Block], imported: Imported) -> list[Block]:
    """Move "20.11.15 - Update received from X:" paragraphs, and the text after each, into
    ``updates``; return the blocks that remain."""
    header = _update_header()
    remaining: list[Block] = []
    current: dict[str, Any] | None = None
    body: list[Para] = []

    def close() -> None:
        if current is not None:
            text = text_value(body)
            current["text"] = text
            updates = imported.data.setdefault("updates", [])
            if not text:
                current["text"] = "[insert the update]"
                imported.todo(("updates", len(updates)), "no text found after this update's "
                                                         "heading")
            updates.append(current)

    rendered = _rendered_sender()
    for block in blocks:
        if imported.generated and isinstance(block, Para) and block.bold_prefix:
            # As learnsum renders it: the date in bold, then " – From: " and the sender whole.
            day = read_date(block.bold_prefix)
            found = rendered.match(block.text[len(block.bold_prefix):])
            if day is not None and found and block.text.startswith(block.bold_prefix):
                close()
                current = {"date": day, "from": found.group("sender").strip()}
                body = []
                continue
        match = (header.match(tidy_date_text(block.text))
                 if isinstance(block, Para) and not imported.generated else None)
        day = read_date(match.group("date")) if match else None
        if match and day is not None:
            close()
            current = {"date": day, "from": match.group("sender").strip().rstrip(":,;-–")}
            body = [Para(match.group("rest").strip())] if match.group("rest") else []
            continue
        if current is not None and isinstance(block, Para):
            body.append(block)
        else:
            remaining.append(block)
    close()
    return remaining


def build(form: Form, config: Config, name: str = "") -> Imported:
    """The summary's data from the form's rows, with TODO notes for a person to check.

    Nothing of the document's text is dropped: what has no clear place (a row that matches no
    section, text around the table, words beside a date) goes to ``comments``, under a
    ``TODO(import)`` note saying where it came from."""
    imported = Imported({"learnsum": catalogue.FORMAT_VERSION})
    imported.generated = form.generated
    sections = config.sections
    rows = merge_rows(form.rows, sections)
    matched, unmatched, best = match_rows(rows, sections)
    if not matched:
        raise ImportRefused("no row of the table matches a section of the Learning Summary "
                            "form (is this the form?)")
    for row in form.skipped:
        imported.matches.append(RowMatch(row.where, row.label, None, 1.0,
                                         "the table's heading row"))
    for index, row in enumerate(rows):
        found = best.get(index)
        score = found.score if found else 0.0
        if index in matched:
            assert found is not None
            imported.matches.append(RowMatch(row.where, row.label, matched[index].key, score,
                                             found.why))
        else:
            why = (f"best {found.section.key} ({found.why}) is below {MATCH_THRESHOLD:.2f} or "
                   "taken by a closer row; kept under comments" if found
                   else "no label; kept under comments")
            imported.matches.append(RowMatch(row.where, row.label, None, score, why))
    imported.matches.sort(key=lambda m: [int(n) for n in re.findall(r"\d+", m.where)])
    leftover = _header(form.preamble, config, imported, set(s.key for s in matched.values()))

    contents: dict[str, list[Block]] = {}
    for index, section in matched.items():
        content: Sequence[Block] = rows[index].content
        if not form.generated:
            content = strip_prompt(content, section.prompt)
        imported.where[section.key] = rows[index].where
        contents[section.key] = take_updates(content, imported)
        extra = _label_extras(rows[index].label_paras, section)
        if extra:
            imported.keep(f"{rows[index].where}, the label cell of '{_short(section.label)}' "
                          "(neither its label nor its prompt)", extra)
    for row in unmatched:
        paras = _paras_only(take_updates(row.content, imported))
        label = row.label.rstrip(" :") or f"Row {row.number}"
        if _is_blank(paras):
            paras = []
        if paras:
            first = paras[0]
            paras = [Para(f"{label}: {first.text}", first.listed), *paras[1:]]
        else:
            paras = [Para(label)] if row.label else []
        if paras:
            imported.keep(f"{row.where} ('{_short(label)}') matches no section of the form",
                          paras)
        imported.notes.append(f"{row.where} '{_short(label)}' matches no section of the "
                              "form; kept under comments")

    data = imported.data
    readers = {
        "completed": _completed,
        "review": _review,
        "case": _case,
        "case_learning": _points_section,
        "method_learning": _text_section,
        "single_agency": _single_agency,
        "multi_agency": _points_section,
        "actions": _actions,
        "audit": _text_section,
        "comments": _text_section,
        "updates": _updates_section,
        "slides": _slides,
    }
    updates_found = data.pop("updates", None)
    for section in sections:
        blocks = contents.get(section.key)
        if section.key in ("updates", "comments"):
            continue
        if not blocks or not has_text(blocks) or _none_recorded(blocks, config):
            continue
        if (section.key in _OPTIONAL_WHEN_BLANK
                and _is_blank(_paras_only(blocks), imported.generated)):
            continue
        value = readers[section.key](section.key, blocks, config, imported)
        if value is not None and value != "" and value != []:
            data[section.key] = value
    title_para = _title(form, leftover, name, imported)
    for para in leftover:
        if para is not title_para and not _is_form_name(para):
            imported.keep("text above the table", [para])
    for where, para in form.loose:
        imported.keep(where, [para])
    _comments(contents.get("comments"), config, imported)
    if updates_found:
        data["updates"] = updates_found
    missing = [s.key for s in sections if s.required and s.key not in data]
    for key in missing:
        imported.notes.append(f"no row for '{key}' ({_short(config.section(key).label)}) found")
    return _ordered(imported, config)


def _label_extras(paras: Sequence[Para], section: catalogue.Section) -> list[Para]:
    """The paragraphs of a label cell after its first that are neither the label nor its
    prompt ("Note from author: ..."): a paragraph is part of the label when the label matches
    the section less well without it, part of the prompt when it reads like the prompt."""
    kept = [p for p in paras if p.text]
    if len(kept) < 2:
        return []
    default = catalogue.SECTIONS_BY_KEY.get(section.key)
    wordings = [section.label, section.prompt or "", *catalogue.SECTION_SYNONYMS.get(
        section.key, ())]
    if default is not None:
        wordings += [default.label, default.prompt or ""]
    form_words = {t for w in wordings for t in tokens(w)}
    extras: list[Para] = []
    for para in kept[1:]:
        if section.prompt and similarity(para.text, section.prompt) >= 0.5:
            continue
        if any(len(t) >= 4 and t not in _COMMON_WORDS and t in form_words
               for t in tokens(para.text)):
            continue
        whole = section_score(" ".join(p.text for p in kept), section)
        without = section_score(" ".join(p.text for p in kept if p is not para), section)
        if without >= whole:
            extras.append(para)
            kept.remove(para)
    return extras


#: Words (folded) shared by too many sentences to tie a paragraph to a row's wording.
_COMMON_WORDS = frozenset({"from", "with", "that", "this", "what", "which", "have", "your",
                           "about", "will", "were", "there", "they", "their", "these", "been"})


#: What a cell holds when it says nothing: such a row of an optional section is left out.
_BLANK = frozenset({"", "n a", "na", "none", "nil", "not appli", "nothing", "no"})
_OPTIONAL_WHEN_BLANK = frozenset({"comments"})


def _is_blank(paras: Sequence[Para], generated: bool = False) -> bool:
    """Whether the cell says nothing: empty, or only "N/A", "None" and the like (which, in a
    document learnsum made, are the author's words)."""
    text = " ".join(p.text for p in paras).strip()
    if not text:
        return True
    folded = _fold(text.rstrip("."))
    return not generated and len(text) <= 20 and bool(folded) and folded in _BLANK


def _comments(blocks: Sequence[Block] | None, config: Config, imported: Imported) -> None:
    """The comments row, then everything kept because its place was unclear, each source named
    in a TODO(import) note."""
    own = _paras_only(blocks or [])
    if _is_blank(own, imported.generated) or (blocks and _none_recorded(blocks, config)):
        own = []
    extra: list[Para] = []
    for where, paras in imported.kept:
        extra.extend(paras)
        imported.todo(("comments",), f"from {where}: move it to the right section, or delete "
                                     "it if it is only the form's wording")
    if not own and not extra:
        return
    if own and not extra:
        value = _text_section("comments", own, config, imported)
    else:
        paras = _split_inline(own) if not imported.generated else own
        value = text_value([*paras, *extra])
    if value:
        imported.data["comments"] = value


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _ordered(imported: Imported, config: Config) -> Imported:
    """The keys in format-v1's order: the header, then the form's rows, themes after the case."""
    rows = [s.key for s in config.sections]
    rows.insert(rows.index("case") + 1 if "case" in rows else 0, "themes")
    header = [key for key in catalogue.HEADER_KEYS if key != "themes"]
    order = [*header, *rows]
    data = imported.data
    imported.data = {key: data[key] for key in order if key in data}
    imported.data.update({k: v for k, v in data.items() if k not in imported.data})
    return imported


#: Other ways a form writes the facts above its table, folded.
_FACT_WORDS = {
    "reference": ("reference", "ref", "our reference", "reference number", "ref no"),
    "partnership": ("partnership", "board", "safeguarding partnership"),
    "status": ("status",),
    "themes": ("themes",),
}


def _fact(para: Para, key: str, generated: bool) -> str | None:
    """The value of a fact line ("Reference: NSCB-7") for `key`, or None."""
    value = field_value(para, FIELD_LABELS[key], strict=generated)
    if value is not None or generated:
        return value
    head, colon, rest = para.text.partition(":")
    if colon and _fold(head) in {_fold(word) for word in _FACT_WORDS[key]}:
        return rest.strip()
    return None


def themes_in(text: str, terms: Sequence[catalogue.Term]) -> tuple[list[str], list[str]]:
    """The theme ids a comma-separated list of theme labels names, and the labels that are
    not in the vocabulary. A label may hold a comma itself ("Race, culture and ..."):
    the longest label the text starts with is taken first."""
    known = sorted(((_fold(term.label), term.id) for term in terms),
                   key=lambda pair: -len(pair[0]))
    known += [(_fold(term.id), term.id) for term in terms]
    found: list[str] = []
    unknown: list[str] = []
    rest = text.strip()
    while rest:
        for folded, term_id in known:
            size = _prefix_length(rest, folded)
            if size and (size == len(rest) or rest[size:].lstrip()[:1] == ","):
                if term_id not in found:
                    found.append(term_id)
                rest = rest[size:].lstrip().removeprefix(",").strip()
                break
        else:
            head, _, rest = rest.partition(",")
            rest = rest.strip()
            if head.strip():
                unknown.append(head.strip())
    return found, unknown


def _prefix_length(text: str, folded: str) -> int:
    """How many characters of `text`, up to a comma or its end, fold to `folded` (0: none)."""
    ends = [m.start() for m in re.finditer(",", text)] + [len(text)]
    for end in ends:
        if _fold(text[:end]) == folded:
            return end
    return 0


def _header(preamble: Sequence[Para], config: Config, imported: Imported,
            rows_found: set[str]) -> list[Para]:
    """Reference, partnership, status, themes and the date completed written above the table
    ("Reference: ..."); returns the paragraphs that are none of these."""
    data = imported.data
    generated = imported.generated
    rest: list[Para] = []
    completed = config.section("completed")
    for para in preamble:
        used = False
        for key in ("reference", "partnership", "status", "themes"):
            value = _fact(para, key, generated)
            if value is None or not value or key in data:
                continue
            if key == "status":
                status = _vocabulary_id(value, catalogue.STATUSES)
                if status is None:
                    continue
                data["status"] = status
            elif key == "themes":
                found, unknown = themes_in(value, config.themes)
                for label in unknown:
                    imported.todo(("themes",), f"theme '{label}' is not in the vocabulary; add "
                                               "it to `themes:` with its id if it belongs")
                if found:
                    data["themes"] = found
                elif unknown:
                    continue
            else:
                data[key] = value
            used = True
            break
        head, colon, value = para.text.partition(":")
        if (not used and not generated and colon and "completed" not in rows_found
                and "completed" not in data):
            day = read_date(value)
            if day is not None and section_score(head, completed) >= MATCH_THRESHOLD:
                data["completed"] = day
                leftover = _without_date(value)
                if leftover:
                    imported.keep("the date completed above the table", [Para(leftover)])
                used = True
        if not used:
            rest.append(para)
    return rest


_TITLE_LINE = re.compile(
    rf"^\s*{re.escape(FORM_TITLE)}(?:\s+template)?\s*(?:[:–—-]+|\bfor\b)\s*(?P<name>.+?)\s*$",
    re.IGNORECASE)


def _title(form: Form, preamble: Sequence[Para], name: str, imported: Imported) -> Para | None:
    """The pseudonym: the document's own title line ("Learning Summary: Ruth (Domestic Homicide
    Review)", or a heading), else "Child O" found in the text or the file name, else the file
    name; a guess is marked for checking. Returns the paragraph used."""
    data = imported.data
    if imported.generated:
        for para in preamble:
            if para.style == "Heading 1":
                data["title"] = para.text
                return para
    for para in preamble:
        match = _TITLE_LINE.match(para.text)
        if match:
            title = match.group("name").strip()
            stated = re.search(r"\s*\(([^()]+)\)$", title)
            if stated:
                found = _vocabulary_id(stated.group(1), catalogue.REVIEW_TYPES)
                if found is None:
                    guessed, evidence = guess_review_type(stated.group(1))
                    found = guessed if _fold(evidence) == _fold(stated.group(1)) else None
                if found is not None:
                    title = title[: stated.start()].strip()
                    _review_type_from_title(found, imported)
            if title:
                data["title"] = title
                return para
    for para in preamble:
        if similarity(para.text, FORM_TITLE) >= 0.8 or _fold(FORM_TITLE) in _fold(para.text):
            continue
        if para.heading and (len(para.text) <= 80 or para.style.lower().startswith(
                ("heading", "title"))):
            data["title"] = para.text
            return para
    for para in preamble:
        if _PSEUDONYM.fullmatch(para.text.strip()):
            data["title"] = para.text.strip()  # a line that is only "Child O": the title
            return para
    review = data.get("review", {})
    case = data.get("case", {})
    sources = [("the document's title", " ".join(p.text for p in preamble)),
               ("the review's purpose", str(review.get("purpose", ""))),
               ("the precis", str(case.get("precis", ""))),
               ("the file name", name)]
    for where, text in sources:
        match = _PSEUDONYM.search(text)
        if match:
            data["title"] = match.group(0)
            imported.todo(("title",), f"guessed from {where}; check it is the pseudonym the "
                                      "review is published under")
            return None
    stem = re.sub(r"\.(docx|doc|odt|rtf)$", "", name.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    data["title"] = " ".join(re.split(r"[_\s]+", stem)).strip() or "[insert the pseudonym]"
    imported.todo(("title",), "taken from the file name; write the pseudonym the review is "
                              "published under (e.g. Child O)")
    return None


def _is_form_name(para: Para) -> bool:
    """The form's own name ("Learning Summary Template"): the form's wording, not content."""
    return _fold(para.text) in (_fold(FORM_TITLE), _fold(f"{FORM_TITLE} Template"),
                                _fold(f"{FORM_TITLE} Form"))


def _review_type_from_title(found: str, imported: Imported) -> None:
    """The review type the title line names, where the type row only let it be guessed."""
    review = imported.data.get("review")
    if not isinstance(review, dict):
        imported.data["review"] = {"type": found}
        return
    guessed = ("review", "type") in imported.todos
    if guessed or review.get("type") in (None, "other") and "label" not in review:
        review["type"] = found
        imported.todos.pop(("review", "type"), None)


def _without_date(text: str) -> str:
    """`text` without its first date, and without what only joined it ("on", "-")."""
    tidy = tidy_date_text(text)
    match = DATE_IN_TEXT.search(tidy)
    if match is None:
        return tidy.strip()
    rest = (tidy[: match.start()] + " " + tidy[match.end():]).strip(" ,;:-–.()")
    return rest if re.search(r"\w", rest) else ""


def _completed(key: str, blocks: Sequence[Block], config: Config,
               imported: Imported) -> Any:
    text = " ".join(p.text for p in _paras_only(blocks))
    day = read_date(text)
    if day is None:
        imported.todo((key,), f"could not read '{_short(text)}' as a date; write it as "
                              "2015-09-25")
        return text
    rest = _without_date(text)
    if rest:
        imported.keep(f"the date completed row ({imported.where.get(key, 'its row')}), beside "
                      "the date", [Para(rest)])
    return day


def _review(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    paras = _paras_only(blocks)
    review: dict[str, Any] = {}
    stated = field_value(paras[0], FIELD_LABELS["review.type"]) if paras else None
    if stated is not None:
        paras = paras[1:]
        found = _vocabulary_id(stated, catalogue.REVIEW_TYPES)
        review["type"] = found or "other"
        if found is None:
            review["label"] = stated
        purpose = text_value(paras)
    else:
        purpose = text_value(paras)
        text = " ".join(p.text for p in paras)
        guessed, evidence = guess_review_type(text)
        review["type"] = guessed
        if guessed == "other":
            imported.todo((key, "type"), "no review type named in the form; set type (see "
                                         "`learnsum themes`) or name it in label")
        else:
            imported.todo((key, "type"), f"guessed from '{evidence}'; check it")
    if purpose:
        review["purpose"] = purpose
    order = ("type", "label", "purpose")
    return {k: review[k] for k in order if k in review}


#: A check box as typed or as Word's check-box control shows it, and the item after it (up to
#: the next box or the end of the line).
_CHECK_BOX = re.compile(r"([☐☒☑✓✔]|\[[ xX✓✔]?\])([^☐☒☑✓✔\[\n]*)")
_TICKED = re.compile(r"[☒☑✓✔]|\[[xX✓✔]\]")


def guess_review_type(text: str) -> tuple[str, str]:
    """The review type named earliest in `text` (by its label, or by an abbreviation such as
    "SCR" that is the type's id), and the words that named it; ("other", "") if none. Of a
    list of check boxes ("☐ one review type ☒ another"), only a ticked item
    names the type."""
    boxes = _CHECK_BOX.findall(text)
    if boxes:
        ticked = [item for box, item in boxes if _TICKED.fullmatch(box)]
        if ticked:
            return _named_review_type(" \n".join(ticked))
        return _named_review_type(_CHECK_BOX.sub(" ", text))
    return _named_review_type(text)


def _named_review_type(text: str) -> tuple[str, str]:
    folded = " " + _fold(text) + " "
    found: list[tuple[int, int, str, str]] = []
    for term in catalogue.REVIEW_TYPES:
        if term.id == "other":
            continue
        label = " " + _fold(term.label) + " "
        position = folded.find(label)
        if position >= 0:
            found.append((position, -len(label), term.id, term.label))
    # Abbreviations only in capitals ("SCR", "SCRs", "SAR"), as written, never lower-case words.
    for term in catalogue.REVIEW_TYPES:
        if "-" in term.id or term.id == "other":
            continue
        match = re.search(rf"\b{term.id.upper()}(?:'?s)?\b", text)
        if match:
            found.append((len(folded) + match.start(), 0, term.id, match.group(0)))
    if not found:
        return "other", ""
    _, _, type_id, evidence = min(found)
    return type_id, evidence


def _case(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    paras = _paras_only(blocks)
    case: dict[str, Any] = {}
    incident: Month | None = None
    rest = []
    for para in paras:
        stated = field_value(para, FIELD_LABELS["case.incident"])
        if stated is not None and incident is None:
            try:
                incident = parse_month(tidy_date_text(stated))
            except DateFormatError:
                incident = first_month(stated)
            continue
        rest.append(para)
    precis = text_value(rest)
    if incident is None:
        incident = first_month(" ".join(p.text for p in rest))
        if incident is not None:
            imported.todo((key, "incident"), "taken from the first date in the precis; check "
                                             "it is the month of the incident")
    if incident is not None:
        case["incident"] = incident.iso()
    else:
        imported.todo((key,), "no month/year of the incident found; add `incident:` (e.g. "
                              "2014-12)")
    if precis:
        case["precis"] = precis
    return case


def _points_section(key: str, blocks: Sequence[Block], config: Config,
                    imported: Imported) -> Any:
    paras = _split_inline(_paras_only(blocks), imported.generated)
    return [_point(p, config, imported, (key, index)) for index, p in enumerate(paras)
            if p.text.strip()]


def _text_section(key: str, blocks: Sequence[Block], config: Config,
                  imported: Imported) -> Any:
    return text_value(_split_inline(_paras_only(blocks), imported.generated))


def _updates_section(key: str, blocks: Sequence[Block], config: Config,
                     imported: Imported) -> Any:
    return None  # the updates were taken out of every row before the sections were read


_AGENCY_LINE = re.compile(r"^(?P<agency>[A-Z][\w'’&/,. ()-]{0,60}?)\s*[;:]\s+(?P<rest>.+)$", re.S)
_NOT_AGENCIES = {"note", "nb", "please note", "update", "comment", "comments", "suggestion",
                 "action", "actions", "learning"}


def _agency_name(candidate: str, config: Config) -> str | None:
    words = candidate.split()
    if not words or len(words) > 5 or candidate.lower() in _NOT_AGENCIES:
        return None
    for agency in config.agencies:
        if _fold(agency) == _fold(candidate):
            return agency
    if all(word[:1].isupper() or word.lower() in {"and", "of", "&", "for"} for word in words):
        return candidate
    return None


def _single_agency(key: str, blocks: Sequence[Block], config: Config,
                   imported: Imported) -> Any:
    agencies: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None

    def start(name: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"agency": name, "points": []}
        agencies.append(entry)
        return entry

    for para in _split_inline(_paras_only(blocks), imported.generated):
        if para.heading:
            current = start(para.text if imported.generated else para.text.rstrip(":;"))
            continue
        match = (_AGENCY_LINE.match(para.text)
                 if not para.listed and not imported.generated else None)
        name = _agency_name(match.group("agency").strip(), config) if match else None
        if match and name:
            current = start(name)
            for sentence in _SENTENCE.split(match.group("rest").strip()):
                if sentence.strip():
                    current["points"].append(Para(sentence.strip(), True))
            continue
        if current is None:
            current = start("[insert agency]")
            imported.todo((key, 0, "agency"), "no agency named before these points; name it")
        current["points"].append(para)
    for index, entry in enumerate(agencies):
        entry["points"] = [_point(p, config, imported, (key, index, "points", n))
                           for n, p in enumerate(entry["points"]) if p.text.strip()]
    return [entry for entry in agencies if entry["points"]] or None


_OWNER_SPLIT = re.compile(
    r"^(?P<owner>.{3,200}?)\s*,?\s+(?:(?:is|are|will\s+be)\s+)?(?:to|will)\s+(?P<rest>[a-z].*)$",
    re.S)
_OWNER_COLON = re.compile(r"^(?P<owner>[^:]{3,160}?)\s*:\s+(?P<rest>.+)$", re.S)
_OWNER_DASH = re.compile(r"^(?P<owner>[^–\-]{3,160}?)\s+[–-]\s+(?P<rest>.+)$", re.S)
#: Last words that show the words before "to" are a sentence, not a role ("All agencies need").
_NOT_ROLE_ENDS = frozenset(
    "need needs have has had want wants agreed asked required expected going able due was were "
    "is are continue continues ought used tried failed decided".split())
_DUE = re.compile(rf"\b(?:by|due|deadline|timescale)\s*:?\s*(?:the\s+)?"
                  rf"(?P<date>{DATE_IN_TEXT.pattern})",
                  re.IGNORECASE)


def split_owner(text: str) -> tuple[str, str] | None:
    """("Trust Lead ..., Trust", "Ensure staff ...") from "Trust Lead ..., Trust to ensure staff
    ...", when the words before "to"/"will" (or a colon, or a dash) name a role; else None."""
    from ..rules.owner import ROLE_WORDS

    for pattern in (_OWNER_COLON, _OWNER_SPLIT, _OWNER_DASH):
        match = pattern.match(text.strip())
        if not match:
            continue
        owner = match.group("owner").strip().rstrip(",;:–- ")
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", owner)
        if not words or len(words) > 20 or not owner[:1].isupper():
            continue
        if ":" in owner or re.search(r"[.!?]\s", owner) or words[-1].lower() in _NOT_ROLE_ENDS:
            continue
        if not any(word.lower() in ROLE_WORDS for word in words):
            continue
        return owner, _capitalise(match.group("rest").strip())
    return None


def _actions(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    actions: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Grid):
            actions.extend(_actions_table(block, imported, len(actions)))
    if actions:
        around = [b for b in blocks if isinstance(b, Para) and b.text.strip()]
        if around:
            imported.keep(f"the actions row ({imported.where.get(key, 'its row')}), beside "
                          "the actions table", around)
        return actions
    for para in _split_inline(_paras_only(blocks), imported.generated):
        place: Place = (key, len(actions))
        action: dict[str, Any]
        split = split_owner(para.text)
        if split:
            action = {"owner": split[0], "action": split[1]}
        else:
            action = {"owner": "[insert the owner's role]", "action": para.text}
            imported.todo(place, "could not tell the owner from the action; write the owning "
                                 "role in owner and the rest in action")
        due = _DUE.search(tidy_date_text(para.text))
        if due:
            day = read_date(due.group("date"))
            if day:
                action["due"] = day
                # "Owner – action – by 31/03/2016": the date is in `due`, not the action.
                tail = re.search(rf"\s*[–—-]\s*(?:by|due)\s*:?\s*(?:the\s+)?"
                                 rf"(?:{DATE_IN_TEXT.pattern})\s*\.?\s*$",
                                 tidy_date_text(action["action"]), re.IGNORECASE)
                if tail and tail.start() > 0:
                    action["action"] = tidy_date_text(action["action"])[: tail.start()]
        actions.append(action)
    return actions


#: Other headings of an actions table's columns, folded.
_COLUMN_WORDS = {
    "owner": {_fold(w) for w in ("Who", "Owner", "Lead", "Responsible", "By whom", "Action owner",
                                 "Lead officer", "Agency")},
    "action": {_fold(w) for w in ("What", "Action", "Actions", "Task", "Action required",
                                  "What will be done")},
    "due": {_fold(w) for w in ("When", "By when", "Due", "Due date", "Deadline", "Timescale",
                               "Target date", "Date")},
    "status": {_fold(w) for w in ("Status", "Progress", "RAG", "RAG status")},
}


def _actions_table(grid: Grid, imported: Imported, offset: int) -> list[dict[str, Any]]:
    """The rendered actions table: a header row naming the columns, then one action a row."""
    if not grid.rows:
        return []
    fields: tuple[str, ...] = ("owner", "action", "due", "status")
    columns: dict[int, str] = {}
    for index, cell in enumerate(grid.rows[0]):
        heading = _fold(" ".join(p.text for p in cell))
        for name in fields:
            words = {_fold(FIELD_LABELS[f"actions.{name}"]), *_COLUMN_WORDS[name]}
            if heading in words and name not in columns.values():
                columns[index] = name
    if "owner" not in columns.values() or "action" not in columns.values():
        columns = {index: name for index, name in enumerate(fields[: len(grid.rows[0])])}
        body = grid.rows
    else:
        body = grid.rows[1:]
    evidence_label = FIELD_LABELS.get("actions.evidence")
    actions: list[dict[str, Any]] = []
    for row in body:
        action: dict[str, Any] = {}
        place: Place = ("actions", offset + len(actions))
        others: list[Para] = []
        for index, cell in enumerate(row):
            column = columns.get(index)
            paras = [p for p in cell if p.text.strip()]
            if not paras:
                continue
            if column is None:
                # A column of its own ("Notes"): kept in the action, under its heading.
                heading = (" ".join(p.text for p in grid.rows[0][index])
                           if body is not grid.rows and index < len(grid.rows[0]) else "")
                others.extend(Para(f"{heading}: {p.text}" if heading and n == 0 else p.text)
                              for n, p in enumerate(paras))
                continue
            text = " ".join(p.text for p in paras)
            if column == "owner":
                action["owner"] = text
            elif column == "action":
                evidence = []
                kept = []
                for para in paras:
                    value = field_value(para, evidence_label) if evidence_label else None
                    if value is not None:
                        evidence.append(Para(value, para.listed))
                    else:
                        kept.append(para)
                action["action"] = text_value(kept)
                if evidence:
                    action["_evidence"] = text_value(evidence)
            elif column == "due":
                day = read_date(text)
                if day is None:
                    imported.todo(place, f"could not read the due date '{_short(text)}'; write "
                                         "it as 2016-03-31")
                else:
                    action["due"] = day
            elif column == "status":
                status = _vocabulary_id(text, catalogue.ACTION_STATUSES) or _STATUS_WORDS.get(
                    _fold(text))
                rag = _RAG_WORDS.get(_fold(text))
                if status is None and rag is not None:
                    status, meaning = rag
                    imported.todo(place, f"RAG status '{_short(text)}' ({meaning}) read as "
                                         f"{status}; check it")
                if status is None:
                    imported.todo(place, f"status '{_short(text)}' is not open, in-progress, "
                                         "done or dropped; choose one")
                else:
                    action["status"] = status
        if others:
            kept_action = action.get("action", "")
            action["action"] = "\n\n".join(
                [kept_action if isinstance(kept_action, str) else "\n\n".join(kept_action)]
                * bool(kept_action) + [p.text for p in others])
        if not any(action.get(k) for k in ("owner", "action")):
            continue
        if not action.get("owner"):
            action["owner"] = "[insert the owner's role]"
            imported.todo(place, "no owner in the table; write the owning role")
        ordered: dict[str, Any] = {k: action[k] for k in fields if k in action}
        if "_evidence" in action:
            ordered["evidence"] = action["_evidence"]
        actions.append(ordered)
    return actions


#: Words people put in a status column, folded, for the vocabulary's ids.
_STATUS_WORDS = {"complete": "done", "compl": "done", "closed": "done", "close": "done",
                 "ongoi": "in-progress", "start": "in-progress", "not start": "open"}
#: A RAG (or BRAG) rating, folded: a judgement of progress rather than a state, so it is read
#: with a TODO quoting the word. Green is on track, not done.
_RAG_WORDS = {"green": ("in-progress", "on track"), "amber": ("in-progress", "at risk"),
              "red": ("open", "off track"), "blue": ("done", "complete")}


_NOT_APPLICABLE = {"n a", "na", "not a", "not appli", "none", "no", "not requi", "nil"}


def _none_recorded(blocks: Sequence[Block], config: Config) -> bool:
    """The row says only "None recorded" (as rendered documents do for an empty row)."""
    text = _fold(" ".join(p.text for p in _paras_only(blocks)))
    return text in {_fold(config.strings["none_recorded"]),
                    _fold(catalogue.STRINGS["none_recorded"])}


#: What the slides row of a document rendered by learnsum says for `slides: generate`: the
#: configured words with the deck's file name, and the words of earlier versions.
_GENERATED_BEFORE = ("Made from this summary by learnsum (learnsum render)",)


def _generated(text: str, config: Config) -> bool:
    for wording in (config.strings["slides.generate"], catalogue.STRINGS["slides.generate"]):
        before, _, after = wording.partition("{deck}")
        pattern = re.escape(before.strip()) + r"\s*[^\n]*?\.pptx\s*" + re.escape(after.strip())
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return True
    return any(_fold(text) == _fold(before) for before in _GENERATED_BEFORE)


def _slides(key: str, blocks: Sequence[Block], config: Config, imported: Imported) -> Any:
    text = " ".join(p.text for p in _paras_only(blocks)).strip()
    if _generated(text, config):
        return "generate"
    choice = _vocabulary_id(text, catalogue.SLIDES_CHOICES)
    if choice:
        return choice
    if _fold(text) in _NOT_APPLICABLE or _fold(text.split(".")[0]) in _NOT_APPLICABLE:
        return "not-applicable"
    path = re.search(r"[\w ./\\-]+\.pptx\b", text, re.IGNORECASE)
    if path:
        imported.todo((key,), "put the slides file beside this summary under this name")
        return path.group(0).strip()
    imported.todo((), f"the slides row says '{_short(text)}'; set `slides:` to not-applicable, "
                      "generate, or the name of a .pptx file")
    imported.keep(f"the slides row ({imported.where.get(key, 'its row')})",
                  _paras_only(blocks))
    return None
