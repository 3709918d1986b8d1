"""ICD-10-PCS tables and rows lead to the full codes a coder can report.

Only a full seven-character ICD-10-PCS code is valid on a claim; the tables (three
characters) and body-part rows (four) above it are for browsing. Yet the word evidence of a
procedure query sits on them: the PCS index points at tables and rows ("Cholecystectomy" is
an index term of 0FT4, "PTCA" of 027), and their titles name the section and body system,
which a code's title does not repeat. So a full code rarely matches every word and its table
ranks instead.

After the re-rank, each PCS table or row among the first hits is followed by its
best-matching full codes. What the index says of a table holds for every code in it, so the
codes inherit their ancestor's terms and title (as a term) and its BM25, and are scored by the
same re-rank. Which codes: those whose own title says most of the query (the approach, the
device, the side), then the fewest words not asked, then the classification's order; a table
is followed through its rows chosen the same way. Then a full code is put above its own
ancestor when the ancestor scored higher: the best code takes the node's place and the node
follows it, still on the page for browsing. ICD-10-CM and ICD-9-CM are untouched (their
headings are not followed: "general first" holds there).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from medcodes.catalog import columns
from medcodes.search import approach
from medcodes.search.rank import Candidate, rerank
from medcodes.search.rank_order import order
from medcodes.search.slot_tests import slot_stems
from medcodes.search.title_analysis import analyse

if TYPE_CHECKING:
    from medcodes.search.embeddings import Neighbour
    from medcodes.search.filters import Filters
    from medcodes.search.query import Slot

SYSTEM = "icd10pcs"
NODE_KINDS = frozenset({"table", "body_part"})
LOOK = 10  # first hits whose tables and rows are followed: the page a coder reads
ROWS = 2  # rows followed per table (its best-matching body parts)
CODES = 3  # full codes kept per followed table or row
LEAD = 1e-3  # how far a node's best code is put above the node
UNASKED = 0.1  # what rank.rerank takes for each title word the query did not ask for
OPEN_WORDS = 2  # "Open Approach"
CHILD_ROWS = 60_000  # child rows ``Children`` keeps (about 500 bytes each: 30 MB), then half go

# The columns before ``properties`` (a PCS code's decoded axes, the bulk of its row): terms
# and notes are read for the few codes kept.
_COLUMNS = ("c.id, c.system, c.code, c.title, c.kind, c.billable, c.chapter, c.seq,"
            " c.short_title, c.parent")
_Row = tuple[Any, ...]  # a row of those columns


def follow_nodes(
    conn: sqlite3.Connection, pool: list[Candidate], slots: list[Slot], query_text: str,
    weights: list[float], filters: Filters,
    fetch: Callable[[str, list[Any]], list[Candidate]] | None = None,
    lumens: frozenset[str] = frozenset(), unsaid: dict[str, int] | None = None,
    children: Children | None = None,
) -> None:
    """Add to the ranked ``pool`` (in place, kept sorted) the best full codes of each PCS
    table or row among its first ``LOOK`` hits, each above the node it came from.

    When the filters hide tables and rows (only billable codes, or only codes), ``fetch``
    (the word query's candidates under a ``where`` clause) finds them anyway: a table the
    query matches still leads to its codes, which the filters keep. ``lumens`` are the body
    parts reached through a natural opening (``approach.lumens``); ``unsaid`` the slots a
    system never says (``rank.rerank``); ``children`` the rows under tables and rows kept
    across queries (none: read each time)."""
    hides = fetch is not None and _hides_nodes(filters)
    if not hides and SYSTEM not in map(_SYSTEM, pool):  # C-level: no step per candidate
        # No ICD-10-PCS code to prefer by approach, no table or row to follow, no codes to
        # order by approach: every step below would leave the pool as it is (most diagnosis
        # queries), and the query's fit (``_Fit``) need not be read.
        return
    fit = _Fit(slots, weights, lumens)
    if fit.prefer(pool):
        pool.sort(key=_order)
    top = max(map(_BM25, pool), default=0.0)  # C-level: no generator step per candidate
    ranked = pool
    if fetch is not None and hides:
        hidden = fetch(*_nodes_only(filters))
        if hidden:
            top = top or max(c.bm25 for c in hidden)
            rerank(hidden, slots, query_text, weights, top=top or 1.0, unsaid=unsaid)
            ranked = sorted([*pool[:LOOK], *hidden], key=_order)
    nodes = [c for c in ranked[:LOOK] if c.kind in NODE_KINDS and c.system == SYSTEM]
    if not nodes:
        _order_approaches(conn, pool, fit, filters)
        return
    steps, picked_rows = _pick(conn, nodes, fit, filters, children)
    picked = [(_candidate(code), row, node) for code, row, node in picked_rows]
    if not picked:
        _order_approaches(conn, pool, fit, filters)
        return
    _read_terms(conn, [*steps, *(code for code, _, _ in picked)])
    codes = [_inherit(code, [row] if row is node else [row, node]) for code, row, node in picked]
    rerank(codes, slots, query_text, weights, top=top or 1.0, unsaid=unsaid)
    fit.prefer(codes)
    best: dict[int, list[Candidate]] = {}
    for code, (_, _, node) in zip(codes, picked, strict=True):
        best.setdefault(node.id, []).append(code)
    position = {c.id: i for i, c in enumerate(pool)}
    for node in nodes:
        mine = sorted(best.get(node.id, ()), key=_order)[:CODES]
        if not mine:
            continue
        # The best code takes its ancestor's place; the node follows it, then its other codes.
        mine[0].score = max(mine[0].score, node.score + LEAD)
        for code in mine[1:]:
            code.score = min(code.score, node.score - LEAD)
        for code in mine:
            at = position.get(code.id)
            if at is None:
                position[code.id] = len(pool)
                pool.append(code)
            elif code.score > pool[at].score:
                pool[at] = code
    pool.sort(key=_order)
    _order_approaches(conn, pool, fit, filters)


# The approaches a code may be preferred by (``approach.rank`` 0 or 1).
_PREFERRED = (approach.NATURAL, approach.NATURAL_SCOPE, approach.PERCUTANEOUS, approach.EXTERNAL)


def _order_approaches(conn: sqlite3.Connection, pool: list[Candidate], fit: _Fit,
                      filters: Filters) -> None:
    """Among the first ``LOOK`` hits, full codes that differ only in approach trade places
    (and scores) so that the approach the procedure is done by (``approach.rank``) comes
    first: their scores differ only by their titles' length. A code of that approach the
    word search left out (its longer title scored lower) takes the place of the group's last."""
    if fit.lumens is None:
        return
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(pool[:LOOK]):
        if c.system == SYSTEM and c.kind == "code" and len(c.code) == 7:
            groups.setdefault(c.code[:4] + c.code[5:], []).append(i)
    best = {key: min(fit.approach_rank(pool[i].code) for i in at) for key, at in groups.items()}
    wanted = [code for key, at in groups.items() for a in _PREFERRED
              if fit.approach_rank(code := key[:4] + a + key[4:]) < best[key]]
    version_of = pool[next(iter(groups.values()))[0]].id if groups else 0
    found = {c.code: c for c in _codes(conn, wanted, version_of, filters)} if wanted else {}
    if found:
        _read_terms(conn, list(found.values()))
        ids = {c.id for c in found.values()}
        pool[LOOK:] = [c for c in pool[LOOK:] if c.id not in ids]
    below: list[Candidate] = []
    for key, at in groups.items():
        mine = [pool[i] for i in at]
        extra = [found[code] for a in _PREFERRED if (code := key[:4] + a + key[4:]) in found]
        if len(mine) < 2 and not extra:
            continue
        mine = sorted([*extra, *mine], key=lambda c: fit.approach_rank(c.code))
        scores = [pool[i].score for i in at]
        for i, c, score in zip(at, mine, scores, strict=False):
            c.score = score
            pool[i] = c
        below += mine[len(at):]
    if below:  # the codes that gave their place follow the first hits
        last = pool[LOOK - 1].score if len(pool) >= LOOK else pool[-1].score
        for c in below:
            c.score = last
        pool[LOOK:LOOK] = below


def _codes(conn: sqlite3.Connection, codes: list[str], version_of: int, filters: Filters
           ) -> list[Candidate]:
    """The full ICD-10-PCS ``codes`` of the searched release that pass ``filters``."""
    where, args = filters.sql()
    sql = (f"SELECT {_COLUMNS} FROM concepts c WHERE c.system = ?"
           " AND c.version = (SELECT version FROM concepts WHERE id = ?)"
           f" AND c.code IN ({','.join('?' * len(codes))}) AND {where}")
    return [_candidate(r) for r in conn.execute(sql, [SYSTEM, version_of, *codes, *args])]


def _pick(
    conn: sqlite3.Connection, nodes: list[Candidate], fit: _Fit, filters: Filters,
    children: Children | None = None,
) -> tuple[list[Candidate], list[tuple[_Row, Candidate, Candidate]]]:
    """The rows read for ``nodes`` (a table through its ``ROWS`` best-fitting rows, which
    are steps, never hits) and the ``CODES`` best-fitting codes of each, as (code, the row it
    is in, the node it stands for); the codes pass ``filters``."""
    where, args = filters.sql()
    version_of = nodes[0].id  # every node is of the searched (default) release
    followed = [(n, n) for n in nodes if n.kind == "body_part"]
    tables = [n for n in nodes if n.kind == "table"]
    steps: list[Candidate] = []
    read = _children if children is None else children.read
    if tables:
        by_table = read(conn, tables, version_of, "c.is_default = 1", [])
        for table in tables:
            rows = [_candidate(r, table.bm25)
                    for r in sorted(by_table.get(table.code, ()), key=fit.key)[:ROWS]]
            steps += rows
            followed += [(row, table) for row in rows]
    if not followed:
        return steps, []
    by_row = read(conn, [row for row, _ in followed], version_of, where, args)
    return steps, [(code, row, node) for row, node in followed
                   for code in sorted(by_row.get(row.code, ()), key=fit.key)[:CODES]]


def lead_meaning_nodes(
    conn: sqlite3.Connection, found: list[tuple[Neighbour, tuple[Any, ...]]],
    slots: list[Slot], weights: list[float], filters: Filters,
    lumens: frozenset[str] = frozenset(), children: Children | None = None,
) -> list[tuple[Neighbour, tuple[Any, ...]]]:
    """The meaning list (neighbour, (system, code, title, kind, billable, chapter)) with
    each PCS table or row among its first ``LOOK`` preceded by its best-fitting full code,
    at the node's similarity: what ``follow_nodes`` does for the word ranking, by title fit
    alone (meaning hits carry no word evidence to inherit)."""
    from medcodes.search.embeddings import Neighbour
    made: list[_Fit] = []

    def fit() -> _Fit:
        """The query's fit, made when first asked: most meaning lists hold no PCS node and
        no two codes of one row (its slots' stems were a tenth of this step)."""
        if not made:
            made.append(_Fit(slots, weights, lumens))
        return made[0]

    found = _siblings_by_fit(found, fit)
    nodes = [Candidate(n.id, row[0], row[1], row[2], row[3], bool(row[4]), row[5], 0, 0.0)
             for n, row in found[:LOOK] if row[0] == SYSTEM and row[3] in NODE_KINDS]
    if not nodes:
        return found
    _, picked = _pick(conn, nodes, fit(), filters, children)
    lead: dict[int, _Row] = {}
    for code, _, node in picked:
        lead.setdefault(node.id, code)  # the first picked is the best fitting
    out: list[tuple[Neighbour, tuple[Any, ...]]] = []
    placed: set[int] = set()  # a code led up by its node is not listed again further down
    for n, row in found:
        first = lead.get(n.id)
        if first is not None and first[0] not in placed:
            placed.add(first[0])
            out.append((Neighbour(first[0], n.score), tuple(first[1:7])))
        if n.id not in placed:
            placed.add(n.id)
            out.append((n, row))
    return out


def _siblings_by_fit(found: list[tuple[Neighbour, tuple[Any, ...]]], fit_of: Callable[[], _Fit]
                     ) -> list[tuple[Neighbour, tuple[Any, ...]]]:
    """The meaning list with the full PCS codes of one row among its first ``LOOK`` in the
    order their titles say the query (``_Fit.key``), each taking a sibling's place and
    similarity: siblings differ only in approach, device or qualifier, which a sentence's
    meaning barely tells apart ("drainage of liver abscess" is as near to "Drainage of Liver,
    Open Approach, Diagnostic" as to the plain drainage), and the word ranking orders them
    by the words said."""
    from medcodes.search.embeddings import Neighbour
    rows: dict[str, list[int]] = {}
    for i, (_, row) in enumerate(found[:LOOK]):
        if row[0] == SYSTEM and row[3] == "code" and len(str(row[1])) == 7:
            rows.setdefault(str(row[1])[:4], []).append(i)
    out = list(found)
    for at in rows.values():
        if len(at) < 2:
            continue
        fit = fit_of()
        # a row as ``_Fit.key`` reads it: code, title, and the place for the order
        mine = sorted(at, key=lambda i: fit.key((0, *found[i][1][:3], 0, 0, 0, i)))
        for place, i in zip(at, mine, strict=True):
            out[place] = (Neighbour(found[i][0].id, found[place][0].score), found[i][1])
    return out


def _hides_nodes(filters: Filters) -> bool:
    """Do the filters keep PCS codes but not their tables and rows?"""
    return ((filters.billable is True or filters.kind == "code")
            and (not filters.systems or SYSTEM in filters.systems))


def _nodes_only(filters: Filters) -> tuple[str, list[Any]]:
    """The filters' other conditions, for PCS tables and rows only."""
    where, args = replace(filters, billable=None, kind=None).sql()
    return (f"{where} AND c.system = ? AND c.kind IN ({','.join('?' * len(NODE_KINDS))})",
            [*args, SYSTEM, *sorted(NODE_KINDS)])


_order = order  # rank.rerank's order
_BM25 = attrgetter("bm25")
_SYSTEM = attrgetter("system")
_APPROACH_WORD = approach.APPROACH_WORDS.__contains__


class _Fit:
    """How well a title says the query, cheaply (siblings share their ancestor's evidence, so
    their own titles decide): the query's words it says, each slot by its weight and by the
    share of its best alternative's words present; then the fewest words not asked; then,
    when the query says no approach, the approach a procedure there is done by
    (``approach.rank``)."""

    def __init__(self, slots: list[Slot], weights: list[float],
                 lumens: frozenset[str] = frozenset()) -> None:
        # Query stem -> (slot, alternative, share of that alternative's words) it counts for.
        self.parts: dict[str, list[tuple[int, int, float]]] = {}
        for i, alts in enumerate(slot_stems(slots)):
            for j, (toks, _) in enumerate(alts):
                for t in set(toks):
                    self.parts.setdefault(t, []).append((i, j, 1 / len(set(toks))))
        self.weights = weights
        self.seen: dict[str, tuple[float, int]] = {}
        # A scope alone says the approach is endoscopic, and the part which of the two.
        self.scope = approach.says_scope_only(self.parts) and not approach.cuts_in(self.parts)
        # None: the query says an approach; no lumens: it says a cut, so no natural opening.
        self.lumens: frozenset[str] | None = (
            lumens if self.scope else None if approach.says_approach(self.parts)
            else frozenset() if approach.cuts_in(self.parts) else lumens)

    def approach_rank(self, code: str) -> int:
        if self.lumens is None:
            return 2
        if self.scope:
            return _scope_rank(code, self.lumens)
        return _approach_rank(code, self.lumens)

    def prefer(self, candidates: list[Candidate]) -> bool:
        """Give back to each full code of a preferred approach what the re-rank took for its
        approach's words beyond Open's two ("Via Natural or Artificial Opening Endoscopic" is
        no more detail than "Open Approach"); whether any score changed."""
        changed = False
        if self.lumens is not None:
            for c in candidates:
                if c.system == SYSTEM and c.kind == "code" and self.approach_rank(c.code) < 2:
                    # C-level map, not a generator per code (a procedure query's pool holds
                    # dozens of full codes)
                    words = sum(map(_APPROACH_WORD, analyse(c.title).counted))
                    if words > OPEN_WORDS:
                        c.score += UNASKED * (words - OPEN_WORDS)
                        changed = True
        return changed

    def key(self, row: _Row) -> tuple[float, int, int, int]:
        title = row[3]
        fit = self.seen.get(title)
        if fit is None:
            said: dict[tuple[int, int], float] = {}
            unasked = 0
            for t in analyse(title)[1]:
                parts = self.parts.get(t)
                if parts is None and t not in _APPROACH:
                    unasked += 1
                for i, j, share in parts or ():
                    said[i, j] = said.get((i, j), 0.0) + share
            best: dict[int, float] = {}
            for (i, _), share in said.items():
                best[i] = max(best.get(i, 0.0), share)
            fit = self.seen[title] = (-round(sum(self.weights[i] * v for i, v in best.items()),
                                             6), unasked)
        return (*fit, self.approach_rank(row[2]), row[7])


# ``approach.rank`` and ``scope_rank``, pure, kept for the codes met (the lumens are the
# engine's one set, or none): every child of a followed table or row is ranked by approach
# each time it is sorted, some forty a request, and the same codes recur from query to query.
_approach_rank = lru_cache(maxsize=50_000)(approach.rank)
_scope_rank = lru_cache(maxsize=50_000)(approach.scope_rank)

# A title's approach words are never counted as unasked: when the query names no approach, the
# codes that differ only in it follow ``approach.rank`` and then the classification's order
# (Open first, as a coder reads most operations with no approach said), not the shortest
# approach name ("External Approach" before "Via Natural or Artificial Opening").
_APPROACH = frozenset(analyse(" ".join(approach.APPROACH_WORDS))[1])


def _inherit(child: Candidate, ancestors: list[Candidate]) -> Candidate:
    """``child`` carrying its ancestors' word evidence: their terms, their titles as terms,
    the BM25 of the nearest."""
    terms = columns.load(child.terms_json)
    for ancestor in ancestors:
        terms += columns.load(ancestor.terms_json)
        terms.append({"kind": "index", "text": ancestor.title})
    return replace(child, terms_json=columns.dump(terms), bm25=ancestors[0].bm25)


def _children(
    conn: sqlite3.Connection, parents: list[Candidate], version_of: int, where: str,
    args: list[Any],
) -> dict[str, list[_Row]]:
    """The children of ``parents`` that pass ``where``, by parent code (terms not read)."""
    codes = list(dict.fromkeys(p.code for p in parents))
    sql = (
        f"SELECT {_COLUMNS} FROM concepts c WHERE c.system = ?"
        " AND c.version = (SELECT version FROM concepts WHERE id = ?)"
        f" AND c.parent IN ({','.join('?' * len(codes))}) AND {where}"
    )
    out: dict[str, list[_Row]] = {}
    for r in conn.execute(sql, [SYSTEM, version_of, *codes, *args]):
        out.setdefault(r[9], []).append(r)
    return out


class Children:
    """The rows under ICD-10-PCS tables and rows (``_children``), kept by parent once read:
    one per catalog (its engine's), as the catalog never changes. Queries follow the same few
    hundred tables again and again (six in ten parents of the benchmark's requests had been
    read before), and reading their rows from SQLite was half the cost of picking codes."""

    def __init__(self) -> None:
        # (release, parent code, where, args) -> its children's rows, in ``_children``'s order
        self._rows: dict[tuple[str, str, str, tuple[Any, ...]], list[_Row]] = {}
        self._size = 0  # rows held
        self._versions: dict[int, str] = {}  # a node's release, by id

    def read(self, conn: sqlite3.Connection, parents: list[Candidate], version_of: int,
             where: str, args: list[Any]) -> dict[str, list[_Row]]:
        """``_children(conn, parents, version_of, where, args)``, from what is kept where
        it can."""
        version = self._versions.get(version_of)
        if version is None:
            found = conn.execute("SELECT version FROM concepts WHERE id = ?",
                                 (version_of,)).fetchone()
            if found is None:
                return _children(conn, parents, version_of, where, args)
            if len(self._versions) >= CHILD_ROWS:
                self._versions.clear()
            version = self._versions[version_of] = found[0]
        given = tuple(args)
        out: dict[str, list[_Row]] = {}
        missing: list[Candidate] = []
        for p in parents:
            rows = self._rows.get((version, p.code, where, given))
            if rows is None:
                missing.append(p)
            elif rows:
                out[p.code] = rows
        if not missing:
            return out
        read = _children(conn, missing, version_of, where, args)
        if self._size > CHILD_ROWS:
            for key in list(islice(self._rows, len(self._rows) // 2)):
                self._size -= len(self._rows.pop(key, ()))
        for p in missing:
            # A row's repeated strings interned: kept rows hold one copy of each.
            rows = [(r[0], _intern(r[1]), r[2], r[3], _intern(r[4]), r[5], _intern(r[6]), r[7],
                     r[8], _intern(r[9])) for r in read.get(p.code, ())]
            self._rows[version, p.code, where, given] = rows
            self._size += len(rows)
            if rows:
                out[p.code] = rows
        return out


def _intern(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _candidate(r: _Row, bm25: float = 0.0) -> Candidate:
    return Candidate(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], bm25, r[8] or "")


def _read_terms(conn: sqlite3.Connection, concepts: list[Candidate]) -> None:
    """Fill in the terms and notes of ``concepts``."""
    by_id = {c.id: c for c in concepts}
    if not by_id:
        return
    sql = f"SELECT id, terms, notes FROM concepts WHERE id IN ({','.join('?' * len(by_id))})"
    for cid, terms, notes in conn.execute(sql, list(by_id)):
        by_id[cid].terms_json, by_id[cid].notes_json = terms, notes
