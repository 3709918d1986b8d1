"""The sections of a code page: derived from the data, then filled by curated articles.

Derived sections are always present when the data supports them and never invented: every
sentence is assembled from the catalog (titles, hierarchy, notes, PCS axis definitions,
crosswalk rows). A section the data cannot support is left out unless an article fills it,
so the page never shows an empty heading.

A section is a dict::

    {"id": "procedure", "title": "Procedure description",
     "text": "plain text, paragraphs separated by a blank line",
     "html": "<p>the same text, escaped, one <p> per paragraph</p>",
     "items": [{"text": "one readable line", ...structure: system, code, from, label}],
     "source": "derived" | "article" | "draft",
     "source_label": "Derived from the official ICD-10-PCS tables"}

``text``/``html`` and ``items`` are each optional. An item's ``text`` is the whole readable
line; ``system``/``code`` (a code to link to) and ``from`` (the ancestor a note is inherited
from) are there for renderers that link or style them. Article sections add ``article`` (who
wrote and reviewed it, when, its sources) and keep the derived version under ``derived``.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from medcodes.catalog.reader import Catalog
from medcodes.content.outline import outline, page_kind
from medcodes.content.record import NOTE_LABELS, link_flags, seventh_characters
from medcodes.model import Concept, Link, Note

Section = dict[str, Any]

# Where a code's page lives, for links inside section HTML (the web app's route).
CODE_HREF = "/code/{system}/{code}"
MAX_LIST = 40  # siblings, billable codes, reverse crosswalk rows listed in one section

# Why each Excludes kind exists, in the tabular's own terms.
EXCLUDES_MEANING = {
    "excludes1": "Excludes1: never coded here; the two conditions cannot occur together.",
    "excludes2": (
        "Excludes2: not part of this condition; if a patient has both, both may be coded."
    ),
}
GROUP_KINDS = frozenset({"chapter", "block", "section", "body_system"})
GUIDANCE_KINDS = ("code_first", "use_additional_code", "code_also", "note", "seven_chr_note")

# What the GEM flags mean, said once under the crosswalk rows that carry them.
FLAG_MEANING = {
    "approximate": "Approximate: the GEM marks the match as close, not an exact equivalent.",
    "no_map": "No map: the GEM found no code in the other system that corresponds.",
    "combination": (
        "Combination: the code is expressed only by several codes together, one from each "
        "choice list of a scenario."
    ),
}


# -- building blocks ----------------------------------------------------------------------

def paragraphs_html(text: str) -> str:
    """Plain text to escaped HTML, one ``<p>`` per blank-line-separated paragraph."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paras)


def item_html(item: dict[str, Any]) -> str:
    """One item as escaped HTML, the code it names linked to that code's page."""
    text = str(item.get("text", ""))
    code, system = item.get("code"), item.get("system")
    if code and system:
        match = re.search(rf"(?<![\w.]){re.escape(str(code))}(?![\w.])", text)
        if match:
            href = CODE_HREF.format(system=quote(str(system)), code=quote(str(code)))
            return (
                html.escape(text[: match.start()])
                + f'<a href="{html.escape(href)}"><code>{html.escape(str(code))}</code></a>'
                + html.escape(text[match.end() :])
            )
    return html.escape(text)


def section_html(text: str, items: list[dict[str, Any]] | None) -> str:
    """The whole section as safe HTML: its paragraphs, then its items as a list."""
    out = paragraphs_html(text)
    if items:
        out += '<ul class="section-items">'
        out += "".join(f"<li>{item_html(i)}</li>" for i in items) + "</ul>"
    return out


def _section(
    sid: str, title: str, label: str, text: str = "", items: list[dict[str, Any]] | None = None
) -> Section | None:
    """A derived section, or None when it would be empty (the page shows nothing empty)."""
    text = text.strip()
    if not text and not items:
        return None
    out: Section = {"id": sid, "title": title}
    if text:
        out["text"] = text
    if items:
        out["items"] = items
    out["html"] = section_html(text, items)
    out["source"] = "derived"
    out["source_label"] = label
    return out


def _system_name(cat: Catalog, system: str) -> str:
    rec = cat.system(system)
    return rec.name if rec else system


def _origin_label(cat: Catalog, c: Concept) -> str:
    """Where derived text comes from, said the way a coder would."""
    name = _system_name(cat, c.system)
    if c.system == "icd10pcs":
        return f"Derived from the official {name} tables"
    if c.system == "icd10cm":
        return f"Derived from the official {name} tabular list"
    return f"Derived from the {name} code set"


def _ref(c: Concept, **extra: Any) -> dict[str, Any]:
    """An item naming a code: ``text`` for reading, ``system``/``code`` for linking."""
    return {"text": f"{c.code} {c.title}", "system": c.system, "code": c.code, **extra}


def _kind_word(c: Concept) -> str:
    return {"subcategory": "subcategory", "category": "category", "block": "block",
            "chapter": "chapter"}.get(c.kind, c.kind.replace("_", " "))


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


# -- summary ------------------------------------------------------------------------------

def _named(c: Concept) -> str:
    """``chapter 4 Endocrine, ... (E00-E89)``: a node as the tabular prints it."""
    number = c.properties.get("chapter_number")
    if c.kind == "chapter" and number:
        return f"chapter {number} {c.title}"
    if c.title.endswith(f"({c.code})"):
        return f"{_kind_word(c)} {c.title}"
    return f"{_kind_word(c)} {c.code} {c.title}"


def _hierarchy_sentence(ancestors: list[Concept]) -> str:
    """``It sits in category E11 ..., within block ..., within chapter 4 ....``"""
    if not ancestors:
        return ""
    return "It sits in " + ", within ".join(_named(a) for a in reversed(ancestors)) + "."


def _summary(cat: Catalog, c: Concept, ancestors: list[Concept]) -> str:
    name = _system_name(cat, c.system)
    kind = _kind_word(c)
    if c.billable:
        status = f"{c.code} is a billable {name} code"
    elif c.kind in GROUP_KINDS:
        status = f"{c.code} is {_a(name)} {kind}, a heading that groups codes"
    else:
        status = f"{c.code} is {_a(name)} {kind}, not billable on its own"
    lines = [f"{c.code}: {c.title}.", f"{status}.", _hierarchy_sentence(ancestors)]
    if c.status != "active":
        lines.append(f"Its status in this release is {c.status}.")
    ccsr = c.properties.get("ccsr")
    if ccsr:
        body = c.properties.get("ccsr_body_system")
        lines.append(
            f"The AHRQ Clinical Classifications Software Refined (CCSR) places it in category"
            f" {ccsr}" + (f" ({body})." if body else ".")
        )
    return " ".join(line for line in lines if line)


# -- ICD-10-PCS ---------------------------------------------------------------------------

_AXIS_ROLES = (
    ("operation", "operation"), ("approach", "approach"), ("device", "device"),
    ("qualifier", "qualifier"), ("body part", "body_part"), ("body system", "body_system"),
    ("section", "section"),
)


def pcs_axes(c: Concept) -> dict[str, dict[str, Any]]:
    """The decoded axes of a PCS code by role (section, body_system, operation, body_part,
    approach, device, qualifier), read from ``properties["axes"]`` as the loader wrote them.
    Sections outside Medical and Surgical name their axes differently; those keep their own
    axis name as the role.
    """
    out: dict[str, dict[str, Any]] = {}
    for axis in c.properties.get("axes") or []:
        if not isinstance(axis, dict):
            continue
        name = str(axis.get("axis", "")).lower()
        role = next((r for key, r in _AXIS_ROLES if key in name), name or str(axis.get("position")))
        out.setdefault(role, axis)
    return out


def _axis_name(axis: dict[str, Any] | None) -> str:
    return str(axis.get("name") or "").strip() if axis else ""


def _pcs_phrase(axes: dict[str, dict[str, Any]]) -> str:
    """``Resection of the appendix by a percutaneous endoscopic approach``."""
    op, part, approach = (_axis_name(axes.get(k)) for k in ("operation", "body_part", "approach"))
    if not (op and part):
        return ""
    phrase = f"{op} of the {part.lower()}"
    if approach:
        phrase += f" by {_a(approach.lower())} approach"
    device = _axis_name(axes.get("device"))
    if device and device.lower() != "no device":
        phrase += f", with {device.lower()}"
    qualifier = _axis_name(axes.get("qualifier"))
    if qualifier and qualifier.lower() != "no qualifier":
        phrase += f", qualifier {qualifier.lower()}"
    return phrase


def _quoted(label: str, text: Any) -> str:
    text = str(text or "").strip()
    return f"{label}: “{text}”" if text else ""


def _pcs_sections(cat: Catalog, c: Concept, label: str) -> list[Section | None]:
    axes = pcs_axes(c)
    if not axes:
        return []
    ordered = sorted(
        (a for a in c.properties.get("axes") or [] if isinstance(a, dict)),
        key=lambda a: int(a.get("position") or 0),
    )
    decoded = [
        {
            "text": f"Character {a.get('position')} · {a.get('axis')}: {a.get('value')} "
            f"{a.get('name')}",
            "position": a.get("position"),
            "axis": a.get("axis"),
            "value": a.get("value"),
            "name": a.get("name"),
        }
        for a in ordered
    ]
    phrase = _pcs_phrase(axes)
    section_name, system_name = _axis_name(axes.get("section")), _axis_name(axes.get("body_system"))
    where = ", ".join(
        p for p in (section_name and f"{section_name} section",
                    system_name and f"{system_name} body system") if p
    )
    summary = [f"{c.code}: {c.title}."]
    if phrase:
        summary.append(f"In words: {phrase[0].lower() + phrase[1:]}.")
    name = _system_name(cat, c.system)
    if c.billable:
        summary.append(f"A billable {name} procedure code" + (f" in the {where}." if where else "."))
    else:
        summary.append(
            f"{_a(name)} {_kind_word(c)}" + (f" in the {where}" if where else "")
            + f": not a complete code. A billable {name} code has seven characters; the codes"
            " below this one add the rest."
        )
    summary.append(f"Each of its {len(decoded)} characters is an axis of the classification, "
                   "decoded below.")

    paras: list[str] = []
    for role, what in (("operation", "Root operation"), ("approach", "Approach")):
        axis = axes.get(role)
        if not axis:
            continue
        head = f"{what} {axis.get('value')}, {_axis_name(axis)}. "
        facts = [
            _quoted("Official definition", axis.get("definition")),
            _quoted("Explanation", axis.get("explanation")),
            _quoted("Examples", axis.get("examples")),
        ]
        body = ". ".join(f for f in facts if f)
        paras.append(head + (body + "." if body else ""))
    details = []
    if _axis_name(axes.get("body_part")):
        details.append(
            f"Body part: {_axis_name(axes['body_part'])}"
            + (f", in the {system_name} body system" if system_name else "")
        )
    for role, what in (("device", "Device"), ("qualifier", "Qualifier")):
        if _axis_name(axes.get(role)):
            details.append(f"{what}: {_axis_name(axes[role])}")
    if details:
        paras.append(". ".join(details) + ".")
    return [
        _section("summary", "Summary", label, " ".join(summary)),
        _section("procedure", "Procedure description", label, "\n\n".join(paras), decoded),
    ]


# -- ICD-10-CM / ICD-9-CM notes -----------------------------------------------------------

def _note_items(
    own: list[Note], inherited: list[tuple[Concept, Note]], kinds: tuple[str, ...],
    with_label: bool = False,
) -> list[dict[str, Any]]:
    """Notes of ``kinds``, own first then inherited nearest-first, each line self-contained.

    A note ending in ``:`` introduces the notes of its kind that follow it at the same place
    ("code to identify control using:" then "insulin (Z79.4)", ...): those become its
    ``items`` and are joined into its line, so the lead-in never stands alone.
    """
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[Concept | None, Note]] = [(None, n) for n in own]
    pairs += [(a, n) for a, n in inherited]
    for kind in kinds:
        lead: dict[str, Any] | None = None
        for origin, note in pairs:
            if note.kind != kind or (kind, note.text) in seen:
                continue
            seen.add((kind, note.text))
            where = origin.code if origin is not None else None
            if lead is not None and lead["from"] == where:
                lead["items"].append(note.text)
                continue
            label = NOTE_LABELS.get(kind, kind).split(" (")[0]
            item: dict[str, Any] = {"text": "", "note": note.text, "kind": kind,
                                    "label": label, "from": where}
            lead = None
            if note.text.rstrip().endswith(":"):
                item["items"] = []
                lead = item
            items.append(item)
    for item in items:
        line = item["note"]
        if item.get("items"):
            line = f"{line} {'; '.join(item['items'])}"
        line = f"{item['label']}: {line}" if with_label else line
        if item["from"] is not None:
            line += f" (from {item['from']})"
        item["text"] = line
    return items


def _includes(c: Concept, inherited: list[tuple[Concept, Note]], parent: Concept | None) -> list[dict[str, Any]]:
    own = list(c.notes)
    # A 7th-character code is its parent code with an encounter or episode added: the
    # parent's inclusion terms describe it too.
    if parent is not None and "seventh_character" in c.properties:
        inherited = [(parent, n) for n in parent.notes if n.kind == "inclusion"] + inherited
    own_terms = {n.text for n in own if n.kind == "inclusion"}
    own += [Note("inclusion", t.text) for t in c.terms
            if t.kind == "inclusion" and t.text not in own_terms]
    return _note_items(own, inherited, ("inclusion", "includes"), with_label=True)


def _coding(cat: Catalog, c: Concept, inherited: list[tuple[Concept, Note]]) -> list[dict[str, Any]]:
    items = _note_items(c.notes, inherited, GUIDANCE_KINDS, with_label=True)
    seventh = seventh_characters(cat, c)
    if seventh and seventh.get("values"):
        origin = seventh["from"]
        suffix = "" if origin == c.code else f" (from {origin})"
        for char, meaning in seventh["values"].items():
            items.append({
                "text": f"7th character {char}: {meaning}{suffix}", "label": "7th character",
                "value": char, "from": None if origin == c.code else origin,
            })
    own7 = c.properties.get("seventh_character")
    if own7:
        items.append({
            "text": f"This code carries 7th character {own7}: "
                    f"{c.properties.get('seventh_character_meaning', '')}".rstrip(": "),
            "label": "7th character", "value": own7, "from": None,
        })
    if c.billable:
        items.append({"text": f"Billable: {c.code} is valid on a claim as it stands.",
                      "label": "Billable"})
    elif c.kind in GROUP_KINDS:
        items.append({"text": f"Not billable: {c.code} is a heading that groups codes; a billable"
                              " code lies further down its hierarchy.", "label": "Not billable"})
    else:
        billable = billable_below(cat, c, MAX_LIST + 1)
        if billable:
            more = " (first shown; more below it)" if len(billable) > MAX_LIST else ""
            items.append({
                "text": f"Not billable: {c.code} is a heading; report one of the billable codes "
                        f"below it instead{more}.",
                "label": "Not billable",
            })
            items += [_ref(b, label="Use instead") for b in billable[:MAX_LIST]]
    return items


def billable_below(cat: Catalog, c: Concept, limit: int) -> list[Concept]:
    """The first ``limit`` billable codes below ``c``, in classification order.

    A walk over ``children`` (one indexed query per heading, stopping early) rather than
    ``Catalog.descendants``, whose recursive query scans the whole system per step.
    """
    out: list[Concept] = []

    def walk(node: Concept) -> None:
        for child in cat.children(node.system, node.code, node.version):
            if len(out) >= limit:
                return
            if child.billable:
                out.append(child)
            else:
                walk(child)

    walk(c)
    return out


def _related(cat: Catalog, c: Concept, parent: Concept | None) -> list[dict[str, Any]]:
    """Siblings in the category; for a 7th-character code, its base code's siblings."""
    base, base_parent = c, parent
    if parent is not None and "seventh_character" in c.properties and parent.parent:
        base, base_parent = parent, cat.get(c.system, parent.parent, c.version)
    if base_parent is None:
        return []
    siblings = [s for s in cat.children(c.system, base_parent.code, c.version)
                if s.code != base.code]
    return [_ref(s, **{"from": base_parent.code}) for s in siblings[:MAX_LIST]]


# -- crosswalks ---------------------------------------------------------------------------

def _link_verb(link: Link) -> str:
    if link.no_map:
        return "has no equivalent in"
    if link.combination:
        return (f"maps, together with other codes (scenario {link.scenario}, choice list "
                f"{link.choice_list}), to")
    return "maps approximately to" if link.approximate else "maps exactly to"


def _crosswalk_section(cat: Catalog, c: Concept) -> Section | None:
    items: list[dict[str, Any]] = []
    flags: set[str] = set()
    for link in cat.crosswalk(c.system, c.code):
        far_name = _system_name(cat, link.target_system)
        far = cat.get(link.target_system, link.target_code) if link.target_code else None
        target = f"{far_name} {link.target_code}" + (f" {far.title}" if far else "")
        line = (f"{c.code} has no equivalent in {far_name} (the GEM says “no map”)"
                if link.no_map else f"{c.code} {_link_verb(link)} {target}")
        items.append({"text": f"{line} [{link.source}]", "system": link.target_system,
                      "code": link.target_code, "flags": link_flags(link),
                      "direction": "forward"})
        flags |= {f for f in FLAG_MEANING if getattr(link, f)}
    backward = cat.reverse_crosswalk(c.system, c.code)
    for link in backward[:MAX_LIST]:
        far_name = _system_name(cat, link.source_system)
        far = cat.get(link.source_system, link.source_code)
        source = f"{far_name} {link.source_code}" + (f" {far.title}" if far else "")
        items.append({
            "text": f"{source} {_link_verb(link)} {c.code} [{link.source}]",
            "system": link.source_system, "code": link.source_code,
            "flags": link_flags(link), "direction": "backward",
        })
        flags |= {f for f in FLAG_MEANING if getattr(link, f)}
    if not items:
        return None
    text = "\n\n".join(
        ["Crosswalk rows from the CMS General Equivalence Mappings (GEMs), with their flags."]
        + [FLAG_MEANING[f] for f in FLAG_MEANING if f in flags]
    )
    return _section("crosswalks", "Crosswalks",
                    "Derived from the CMS General Equivalence Mappings (GEMs)", text, items)


# -- assembly -----------------------------------------------------------------------------

def derived_sections(cat: Catalog, c: Concept) -> list[Section]:
    """The sections the catalog's data supports for ``c``, in page order."""
    label = _origin_label(cat, c)
    ancestors = cat.ancestors(c.system, c.code, c.version)
    parent = ancestors[-1] if ancestors else None
    found: list[Section | None] = []
    if page_kind(c.system) == "procedure":
        found += _pcs_sections(cat, c, label) if c.system == "icd10pcs" else []
        if not found:
            found.append(_section("summary", "Summary", label, _summary(cat, c, ancestors)))
    else:
        inherited = cat.inherited_notes(c.system, c.code)
        found += [
            _section("summary", "Summary", label, _summary(cat, c, ancestors)),
            _section("includes", "Includes / applicable to", label,
                     items=_includes(c, inherited, parent)),
            _section("excludes", "Excludes", label,
                     "\n\n".join(m for k, m in EXCLUDES_MEANING.items()
                                 if any(n.kind == k for n in c.notes)
                                 or any(n.kind == k for _, n in inherited)),
                     _note_items(c.notes, inherited, ("excludes1", "excludes2"), True)),
            _section("coding", "Coding guidance", label, items=_coding(cat, c, inherited)),
            _section("related", "Related conditions", label, items=_related(cat, c, parent)),
        ]
    found.append(_crosswalk_section(cat, c))
    return [s for s in found if s is not None]


def source_line(section: Section) -> str:
    """The line that says where a section's text comes from (printed below it)."""
    return str(section.get("source_label") or f"Source: {section.get('source', '')}")


def sections(cat: Catalog, c: Concept) -> list[Section]:
    """Derived sections merged with curated articles and drafts, in page order.

    An article's text wins for the sections it writes: it is the section's ``text`` and
    comes first in its ``html``. The derived version stays under ``derived`` and is appended
    to the ``html``, so an article never hides official facts. Each part's source line
    follows that part, as a lone section's follows it: a reader takes a caption for what
    stands above it, and the article's label printed below the official facts credited them
    to the article's author (and the tabular list's label, above them, the article's text).
    """
    from medcodes.content.articles import article_sections

    derived = {s["id"]: s for s in derived_sections(cat, c)}
    written = article_sections(cat, c)
    out: list[Section] = []
    for sid, _title in outline(c.system):
        if sid in written:
            merged = dict(written[sid])
            if sid in derived:
                facts = derived[sid]
                merged["derived"] = facts
                merged["html"] += (
                    f'<p class="source">{html.escape(source_line(merged))}</p>'
                    f'<div class="derived-facts">{facts["html"]}'
                    f'<p class="source">{html.escape(source_line(facts))}</p></div>'
                )
            out.append(merged)
        elif sid in derived:
            out.append(derived[sid])
    return out
