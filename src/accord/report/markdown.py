"""The report as Markdown, for pasting into notes: the same scorecard as the HTML page.

Same order as the HTML report (summary, the evidence streams, data and methods), tables as
GitHub-flavoured Markdown tables, no charts (each chart's finding is kept as a sentence).
All text from data or documents is escaped: ``<`` and ``>`` become entities (so a document
containing ``<script>`` shows as text wherever the Markdown is rendered), and characters
that Markdown would read as formatting (``\\ * _ ` [ ] | ~``, and ``- + # =`` or ``1.`` at
the start) are backslash-escaped.
"""

from __future__ import annotations

import re

from accord import countries as _countries
from accord.assess.scorecard import Indicator, Scorecard
from accord.report import _common as common

__all__ = ["render_markdown", "escape_md"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape_md(text: object) -> str:
    """Text shown literally in Markdown: HTML-escaped, formatting characters escaped, one line."""
    s = " ".join(str(text).split())  # one line: newlines would break rows and paragraphs
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"^(\s*)(\d+)\.(\s|$)", r"\1\2\\.\3", s)  # "1. " at a start is no list
    s = re.sub(r"^(\s*)([-+#=])(\s|$|[-=#])", r"\1\\\2\3", s)  # nor an item, heading, rule
    return s


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(escape_md(h) for h in header) + " |"]
    out.append("| " + " | ".join(align) + " |")
    out += ["| " + " | ".join(escape_md(c) for c in row) + " |" for row in rows]
    return out


def _indicator_row(ind: Indicator) -> list[str]:
    label = ind.label + (f" ({ind.caveat})" if ind.caveat else "")
    if ind.percentile is not None:
        against = common.num(ind.percentile, 0)
    elif ind.p_value is not None:
        against = f"p = {common.num(ind.p_value, 3)}"
    else:
        against = ""
    return [
        label,
        common.value(ind),
        common.plural(ind.n, ind.n_label) if ind.n is not None else "",
        ind.baseline or "",
        against,
        ind.direction or "",
    ]


def render_markdown(card: Scorecard) -> str:
    """The scorecard as a Markdown document (a string)."""
    name_a, name_b = _countries.name(card.a), _countries.name(card.b)
    lines = [f"# {escape_md(card.question)}", ""]
    lines.append(
        f"*accord report · {common.streams(card)}.* {escape_md(name_a)} ({card.a}) and "
        f"{escape_md(name_b)} ({card.b}); region {escape_md(card.region_title)}: "
        + ", ".join(escape_md(m) for m in common.members(card))
        + "."
    )
    lines += ["", "## Summary", ""]
    for line in card.reading:
        text = escape_md(line)
        lines += [f"**{text}**" if line.startswith("Overall") else text, ""]
    key = common.key_figures(card)
    if key:
        lines += ["### Key figures", ""]
        for ind in key:
            extra = f" · {common.plural(ind.n, ind.n_label)}" if ind.n is not None else ""
            if ind.percentile is not None:
                extra += f" · percentile {common.num(ind.percentile, 0)}"
            if ind.p_value is not None:
                extra += f" · p = {common.num(ind.p_value, 3)}"
            lines.append(f"- **{escape_md(common.value(ind))}**: {escape_md(ind.label + extra)}")
        lines.append("")
    if card.findings:
        lines += ["### Findings, rule by rule", ""]
        for f in card.findings:
            weak = " *(weak evidence)*" if f.strength == "weak" else ""
            label = common.DIRECTION_LABELS[f.direction]
            lines.append(f"- **{label}**: {escape_md(f.text)}{weak}")
        lines.append("")
    for sec in card.sections:
        lines += [f"## {escape_md(sec.title)}", ""]
        if sec.status != "ok":
            lines += [f"> {escape_md(sec.note or sec.status)}", ""]
            continue
        for line in sec.summary:
            lines += [escape_md(line), ""]
        for finding in sec.figures.values():  # each chart of the HTML report, as its finding
            lines += [f"*{escape_md(finding)}*", ""]
        if sec.indicators:
            lines += ["### Indicators", ""]
            header = ["indicator", "value", "observations", "compared with", "percentile / p"]
            lines += _table(
                [*header, "trend"],
                [_indicator_row(i) for i in sec.indicators],
                right={1, 2, 4},
            )
            lines.append("")
        for t in common.tables(card, sec):
            lines += [f"### {escape_md(t['title'])}", ""]
            lines += _table(t["columns"], t["rows"])
            if t["more"]:
                lines.append(f"\n… and {t['more']} more rows (all rows are in the JSON scorecard).")
            lines.append("")
        if sec.note:
            lines += [f"*{escape_md(sec.note)}*", ""]
    lines += ["## Data and methods", "", "### Sources", ""]
    for src in common.sources(card):
        lines.append(
            f"- **{escape_md(src['title'])}** ({escape_md(src['id'])}), version "
            f"{escape_md(src['version'])}; licence {escape_md(src['licence'] or '–')}; "
            f"{escape_md(src['coverage'])}"
        )
    if any(s.id == "meetings" and s.status == "ok" for s in card.sections):
        lines.append(
            f"- **Registry of dialogue formats, meetings and memberships** (accord.events), "
            f"accord {card.accord_version}: facts compiled by accord, a source URL on every row"
        )
    methods = common.methods(card)
    if methods:
        lines += ["", "### Methods", ""]
        lines += _table(
            ["method", "formula", "reference"],
            [[m["name"], m["formula"], m["reference"]] for m in methods],
        )
    if card.caveats:
        lines += ["", "### Caveats", ""]
        lines += [f"- {escape_md(c)}" for c in card.caveats]
    params = "; ".join(f"{k} = {v}" for k, v in common.parameters(card))
    lines += [
        "",
        "---",
        "",
        f"Made with accord {card.accord_version}. Parameters: {escape_md(params)}. The same "
        f"scorecard as JSON (with provenance): `accord assess {card.a} {card.b} --region "
        f"{card.region} --json scorecard.json`.",
        "",
    ]
    return "\n".join(lines)
