"""The classes the form is written in: tables, rows, columns, groups, sections, identities.

They hold data only; :mod:`govinfo.form.national` fills them with the two national
formats, and :class:`Form` answers the questions the rest of govinfo asks of them (which
rows a format prints, what a cell is called in Chinese or English, which identities hold
between which cells).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property, lru_cache

import attrs

from govinfo.form.text import normalize, strip_numbering

__all__ = [
    "BOTH",
    "LANGUAGES",
    "Column",
    "Form",
    "GroupSpec",
    "Identity",
    "MetadataField",
    "RowSpec",
    "Section",
    "TableSpec",
    "Term",
]

BOTH = frozenset({"2019", "2021"})
LANGUAGES = ("zh", "en")
"""Languages every label of the form is written in."""

ROLES = ("in", "out", "outcome", "total", "item")
"""Row roles: flow in, flow out, outcome leaf, a total of other rows, a plain item."""


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen
class Column:
    """A column of a statistical table.

    Attributes:
        key: the stable key (``natural_person``).
        label: the Chinese column label as the format prints it.
        kind: ``"count"`` (integer ≥ 0), ``"signed"`` (integer) or ``"decimal"`` (money).
        unit: the unit the format fixes for the column, if any (``万元``).
        label_en: the English label.
        group: the key of the printed column group (``org``: 法人或其他组织), if any.
        role: ``"total"`` for a column that totals the others of its row, else ``"part"``.
        aliases: further header texts that name it in real documents (truncations).
    """

    key: str
    label: str
    kind: str = "count"
    unit: str | None = None
    label_en: str = attrs.field(default="", kw_only=True)
    group: str | None = attrs.field(default=None, kw_only=True)
    role: str = attrs.field(default="part", kw_only=True)
    aliases: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_texts)


@attrs.frozen
class RowSpec:
    """A row of a statistical table.

    Attributes:
        key: the stable row key (``denied.state_secret``).
        label: the row label as the format prints it, with its numbering.
        columns: the row's columns, in order.
        templates: the format versions that print this row (``"2019"``, ``"2021"``).
        aliases: further labels (normalised, numbering stripped) that name this row in
            real documents: typos, older wording.
        group: the key of the printed group the row belongs to (``denied``), if any.
        label_en: the English label, numbering included.
        role: ``in`` / ``out`` (the flows of the column balance), ``outcome`` (a leaf of
            the outcome partition), ``total`` (a total of other rows) or ``item``.
        caption: the caption printed above the row's block (table 2: 第二十条第（一）项).
    """

    key: str
    label: str
    columns: tuple[Column, ...]
    templates: frozenset[str] = BOTH
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    group: str | None = None
    label_en: str = attrs.field(default="", kw_only=True)
    role: str = attrs.field(default="item", kw_only=True)
    caption: str | None = attrs.field(default=None, kw_only=True)

    @property
    def body(self) -> str:
        """The normalised label without its numbering, as the extractor matches it."""
        return strip_numbering(normalize(self.label))[1]

    def column(self, key: str) -> Column:
        """Return the column with this key (``KeyError`` if the row has none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"{self.key}/{key}")


@attrs.frozen
class GroupSpec:
    """A printed group of rows (a merged label cell with no numbers of its own).

    Attributes:
        key: the group key (``denied``); rows name it as their ``group``.
        label: the label as printed (``（三）不予公开``).
        label_en: the English label.
        parent: the enclosing group, if any (``results``).
        prefix: whether the group's label is part of its rows' names
            (``（三）不予公开·1.属于国家秘密``); ``三、本年度办理结果`` is not.
        row: the key of a row that stands for the whole group where a format prints the
            group as one row with numbers (（六）其他处理 in 2019), if any.
    """

    key: str
    label: str
    label_en: str = ""
    parent: str | None = None
    prefix: bool = True
    row: str | None = None


@attrs.frozen
class Term:
    """A reference in an identity to the leaf rows of a group, as the document prints them.

    ``Term("results")`` stands for every outcome row under 三、本年度办理结果: a group's
    sub-rows where the document has any of them, else the group's own row (（六）其他处理
    printed as one row).
    """

    group: str


@attrs.frozen
class Identity:
    """An arithmetic identity of spec §5, as data: ``Σ total == Σ parts``, exactly.

    Attributes:
        code: the code of the findings it gives (``row-total``).
        table: the table it holds in.
        over: ``"column"``: it holds in every column, its terms are rows;
            ``"row"``: it holds in every row, its terms are columns.
        total: the terms the document states as the total.
        parts: the terms that must add up to it; a :class:`Term` stands for a group's
            leaf rows.
        rows: for ``over="row"``: the rows it holds in (``None``: every row of the
            table that has all its columns).
        spec: the invariant of spec §5 it is (``A21-3, A19-3``).
        title, title_en: what it checks, in words.
        total_name, parts_name: how the sides are named in messages, Chinese and English
            (``None``: the names of their terms, joined); ``{n}`` is the number of terms.
    """

    code: str
    table: str
    over: str
    total: tuple[str, ...]
    parts: tuple[str | Term, ...]
    rows: tuple[str, ...] | None = None
    spec: str = ""
    title: str = ""
    title_en: str = ""
    total_name: tuple[str, str] | None = None
    parts_name: tuple[str, str] | None = None

    def __attrs_post_init__(self) -> None:
        if self.over not in ("row", "column"):
            raise ValueError(f"identity {self.code}: over must be 'row' or 'column', not {self.over!r}")


@attrs.frozen
class TableSpec:
    """A statistical table of the report.

    Attributes:
        key: ``active``, ``applications`` or ``appeals``.
        section: the section heading the table belongs to.
        rows: every row either format version has, in printed order.
        number: the form's number for it (2 for 表二).
        label, label_en: its name (``表三``, ``Table 3``).
        groups: the printed row groups, outermost first.
        column_groups: printed column group key → (Chinese, English) label.
        header: the header over all value columns (``申请人情况``), if any.
        note: the note in the corner cell (table 3's 勾稽 note), if any.
        row_header: the header over the row labels (table 2's ``信息内容``), if any.
        header_aliases: further header texts of the table that name no cell (``小计``).
    """

    key: str
    section: str
    rows: tuple[RowSpec, ...]
    number: int = 0
    label: str = ""
    label_en: str = ""
    groups: tuple[GroupSpec, ...] = ()
    column_groups: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    header: str | None = None
    note: str | None = None
    row_header: str | None = None
    header_aliases: tuple[str, ...] = ()

    def rows_for(self, template: str) -> tuple[RowSpec, ...]:
        """Return the rows the given format version prints, in order."""
        return tuple(row for row in self.rows if template in row.templates)

    def row(self, key: str, template: str | None = None) -> RowSpec:
        """Return the row with this key, as ``template`` prints it where it does.

        Rows that belong to the other version only (``other`` in a 2021 document that
        prints the single (六) row) are found too. ``KeyError`` if there is none.
        """
        fallback: RowSpec | None = None
        for candidate in self.rows:
            if candidate.key == key:
                if template is None or template in candidate.templates:
                    return candidate
                fallback = fallback or candidate
        if fallback is None:
            raise KeyError(f"{self.key}/{key}")
        return fallback

    def group(self, key: str) -> GroupSpec:
        """Return the printed group with this key (``KeyError`` if there is none)."""
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(f"{self.key}: no group {key!r}")

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shared by every row (table 3 and 4), else the first row's."""
        return self.rows[0].columns

    def members(self, group: str, template: str | None = None) -> tuple[RowSpec, ...]:
        """The rows directly in ``group`` (in printed order), for one format or all."""
        rows = self.rows if template is None else self.rows_for(template)
        return tuple(row for row in rows if row.group == group)

    def ancestors(self, row: RowSpec) -> tuple[GroupSpec, ...]:
        """The groups a row is in, outermost first."""
        chain: list[GroupSpec] = []
        key = row.group
        while key is not None:
            group = self.group(key)
            chain.insert(0, group)
            key = group.parent
        return tuple(chain)

    def leaves(self, group: str, present: Callable[[str], bool], template: str) -> tuple[str, ...]:
        """The outcome rows under ``group`` as a document prints them (see :class:`Term`).

        A sub-group counts with its rows where the document has any of them, else with
        its own row where the document prints that (（六）其他处理 as one row), else with
        the rows ``template`` prints (which the document then lacks).
        """
        out: list[str] = []
        for unit in self._units(group):
            if isinstance(unit, str):
                out.append(unit)
                continue
            members = self.leaves(unit.key, present, template)
            if any(present(r) for r in members):
                out.extend(members)
            elif unit.row is not None and present(unit.row):
                out.append(unit.row)
            else:
                candidates = (*members, *((unit.row,) if unit.row else ()))
                out.extend(r for r in candidates if template in self.row(r).templates)
        return tuple(out)

    def _chain(self, group: GroupSpec) -> list[str]:
        """The keys of ``group``'s enclosing groups and its own, outermost first."""
        chain = [group.key]
        while group.parent is not None:
            group = self.group(group.parent)
            chain.insert(0, group.key)
        return chain

    def _units(self, group: str) -> list[str | GroupSpec]:
        """The outcome rows and sub-groups directly under ``group``, in printed order."""
        own = {g.row: g for g in self.groups if g.row is not None}
        units: list[str | GroupSpec] = []
        seen: set[str] = set()
        for row in self.rows:
            if row.role != "outcome":
                continue
            if row.key in own:
                chain = self._chain(own[row.key])
                if chain[-1] == group:
                    continue  # a group's own row is not one of its members
            else:
                chain = [g.key for g in self.ancestors(row)]
            if group not in chain:
                continue
            below = chain[chain.index(group) + 1 :]
            key = below[0] if below else row.key
            if key not in seen:
                seen.add(key)
                units.append(self.group(key) if below else row.key)
        return units


@attrs.frozen
class Section:
    """One of the six section headings.

    Attributes:
        key: ``overview`` … ``other_matters``.
        label: the heading as printed, numbering included.
        label_en: the English heading.
        aliases: further wordings of its body (numbering stripped) seen in documents.
    """

    key: str
    label: str
    label_en: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The heading without its numbering (``总体情况``)."""
        return strip_numbering(normalize(self.label))[1]


@attrs.frozen
class MetadataField:
    """A label of the metadata grid some exports print before the body.

    Attributes:
        key: the :class:`~govinfo.model.Metadata` field it fills.
        label: the label as the project's writers print it (without the colon).
        aliases: further labels that fill it (生成日期 for 发布日期).
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()


@attrs.frozen(eq=False)
class Form:
    """The national formats as data: the one place govinfo knows the paper form.

    Attributes:
        tables: the three statistical tables.
        sections: the six section headings.
        identities: the arithmetic identities of spec §5.
        metadata: the labels of the metadata grid.
        markers: format version → table-2 texts that mark it (spec §4).
        old_markers: indicator labels of the pre-2019 free-form reports (refused).
    """

    tables: tuple[TableSpec, ...]
    sections: tuple[Section, ...]
    identities: tuple[Identity, ...]
    metadata: tuple[MetadataField, ...] = ()
    markers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    old_markers: tuple[str, ...] = ()

    def table(self, key: str) -> TableSpec:
        """Return the table with this key (``KeyError`` if there is none)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def section(self, key: str) -> Section:
        """Return the section with this key (``KeyError`` if there is none)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def with_identities(self, *identities: Identity) -> Form:
        """A copy of the form with ``identities`` added (for tests and local rules)."""
        return attrs.evolve(self, identities=(*self.identities, *identities))

    def with_rows(self, table: str, *rows: RowSpec) -> Form:
        """A copy of the form with ``rows`` appended to ``table``."""
        tables = tuple(attrs.evolve(t, rows=(*t.rows, *rows)) if t.key == table else t for t in self.tables)
        return attrs.evolve(self, tables=tables)

    def identities_of(self, table: str) -> tuple[Identity, ...]:
        """The identities that hold in ``table``."""
        return tuple(i for i in self.identities if i.table == table)

    def iter_cells(self, template: str) -> Iterator[tuple[TableSpec, RowSpec, Column]]:
        """Yield every (table, row, column) the given format version prints, in order."""
        for table in self.tables:
            for row in table.rows_for(template):
                for column in row.columns:
                    yield table, row, column

    # -- names -------------------------------------------------------------------------

    @lru_cache(maxsize=8192)  # noqa: B019 (forms live as long as the process)
    def row_name(self, table: str, row: str, template: str = "2021", language: str = "zh") -> str:
        """The name of a row as printed, its group included.

        ``（三）不予公开·1.属于国家秘密``; in English ``(3) Denied · 1. State secret``.
        """
        spec = self.table(table)
        row_spec = spec.row(row, template)
        en = language == "en"
        parts = [(g.label_en if en else g.label) for g in spec.ancestors(row_spec) if g.prefix]
        if row_spec.key in {g.row for g in spec.groups}:
            parts = []  # the group's own row: its label is the group's
        parts.append(row_spec.label_en if en else row_spec.label)
        return (" · " if en else "·").join(parts)

    @lru_cache(maxsize=8192)  # noqa: B019 (forms live as long as the process)
    def column_name(self, table: str, column: str, template: str = "2021", language: str = "zh") -> str:
        """The name of a column as printed, its group included (``法人或其他组织·商业企业``)."""
        spec = self.table(table)
        for row in (*spec.rows_for(template), *spec.rows):
            for col in row.columns:
                if col.key != column:
                    continue
                en = language == "en"
                label = col.label_en if en else col.label
                if col.group is not None and col.group in spec.column_groups:
                    group_zh, group_en = spec.column_groups[col.group]
                    label = f"{group_en} · {label}" if en else f"{group_zh}·{label}"
                return label
        raise KeyError(f"{table}/*/{column}")

    @lru_cache(maxsize=8192)  # noqa: B019 (forms live as long as the process)
    def cell_label(self, table: str, row: str, column: str, template: str = "2021") -> str:
        """The Chinese name of a cell: ``（三）不予公开·1.属于国家秘密 / 总计``."""
        spec = self.table(table).row(row, template)
        spec.column(column)  # KeyError for a column the row does not have
        return f"{self.row_name(table, row, template)} / {self.column_name(table, column, template)}"

    @lru_cache(maxsize=8192)  # noqa: B019 (forms live as long as the process)
    def cell_name(self, path: str, template: str = "2021", language: str = "zh") -> str:
        """The name of a cell path for a person who knows the paper form.

        Chinese: ``表三（三）不予公开·1.属于国家秘密 / 自然人`` is what :meth:`cell_label`
        gives without the table; English: ``Table 3, row (1) Granted, column Natural
        person``. A path that names a row (``table/row``) or a table is named as such.
        """
        parts = path.split("/")
        spec = self.table(parts[0])
        if language == "en":
            out = [spec.label_en]
            if len(parts) > 1:
                out.append(f"row {self.row_name(parts[0], parts[1], template, 'en')}")
            if len(parts) > 2:
                out.append(f"column {self.column_name(parts[0], parts[2], template, 'en')}")
            return ", ".join(out)
        if len(parts) == 1:
            return spec.label
        if len(parts) == 2:
            return self.row_name(parts[0], parts[1], template)
        return self.cell_label(parts[0], parts[1], parts[2], template)

    def identity_formula(self, identity: Identity) -> str:
        """The identity in symbols, as ``govinfo rules`` prints it."""

        def term(item: str | Term) -> str:
            return f"leaves({item.group})" if isinstance(item, Term) else item

        if identity.over == "column":
            left = " + ".join(f"{term(t)}[c]" for t in identity.total)
            right = " + ".join(f"{term(t)}[c]" for t in identity.parts)
            return f"∀c: {left} == {right}"
        rows = "r" if identity.rows is None else "r ∈ {" + ", ".join(identity.rows) + "}"
        left = " + ".join(f"r.{t}" for t in identity.total)
        right = " + ".join(f"r.{term(t)}" for t in identity.parts)
        return f"∀{rows}: {left} == {right}"

    # -- lookups -----------------------------------------------------------------------

    @cached_property
    def _order(self) -> dict[str, int]:
        order: dict[str, int] = {}
        for table in self.tables:
            order.setdefault(table.key, len(order))
            for row in table.rows:
                order.setdefault(f"{table.key}/{row.key}", len(order))
                for column in row.columns:
                    order.setdefault(f"{table.key}/{row.key}/{column.key}", len(order))
        return order

    def path_order(self, path: str | None) -> int:
        """Position of a cell, row or table path in printed order (unknown paths last)."""
        if path is None:
            return -1
        order = self._order
        return order.get(path, len(order))

    @cached_property
    def _label_index(self) -> dict[str, tuple[tuple[str, str], ...]]:
        index: dict[str, list[tuple[str, str]]] = {}
        for table in self.tables:
            for row in table.rows:
                for text in (row.label, *row.aliases):
                    body = strip_numbering(normalize(text))[1]
                    entry = index.setdefault(body, [])
                    if (table.key, row.key) not in entry:
                        entry.append((table.key, row.key))
        return {body: tuple(refs) for body, refs in index.items()}

    def lookup(self, text: str, table: str | None = None) -> tuple[tuple[str, str], ...]:
        """The rows a printed label names: ``(table, row key)`` pairs, most likely first.

        ``lookup("（三）不予公开 1.属于国家秘密")`` is not a single label, but
        ``lookup("1.属于国家秘密")`` → ``(("applications", "denied.state_secret"),)``.
        Whitespace, numbering and bracket variants do not matter; typos the form knows
        (its aliases) are found too. Generic labels (``3.其他``) name several rows.
        """
        body = strip_numbering(normalize(text))[1]
        refs = self._label_index.get(body, ())
        return tuple(r for r in refs if table is None or r[0] == table)
