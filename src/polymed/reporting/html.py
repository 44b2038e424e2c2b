"""A self-contained, shareable ``report.html``.

Everything that comes from data or models (questions, outputs, model names) is
HTML-escaped: model outputs are untrusted text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ..records import Item, Record

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#176b2c}.bad{color:#a51d1d}details{margin:.3rem 0}pre{white-space:pre-wrap}
"""


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _language_rows(results: Mapping[str, Any]) -> str:
    rows = []
    for code, b in results["languages"].items():
        lo, hi = b["ci95"]
        rows.append(
            f"<tr><td>{escape(code)}</td><td class=num>{b['n']}</td>"
            f"<td class=num>{_pct(b['accuracy'])}</td>"
            f"<td class=num>{_pct(lo)}–{_pct(hi)}</td>"
            f"<td class=num>{b['invalid']}</td><td class=num>{b.get('errors', 0)}</td></tr>"
        )
    rows.append(
        f"<tr><th>macro avg</th><td></td><th class=num>{_pct(results['macro_accuracy'])}</th>"
        "<td></td><td></td><td></td></tr>"
    )
    return "".join(rows)


def _rationale_table(results: Mapping[str, Any]) -> str:
    macro = results.get("rationale_macro")
    if not macro:
        return ""
    keys = list(macro)
    head = "".join(f"<th>{escape(k)}</th>" for k in keys)
    rows = []
    for code, b in results["languages"].items():
        rat = b.get("rationale")
        if rat:
            cells = "".join(f"<td class=num>{rat[k]:.1f}</td>" for k in keys)
            rows.append(f"<tr><td>{escape(code)}</td><td class=num>{rat['n']}</td>{cells}</tr>")
    cells = "".join(f"<th class=num>{macro[k]:.1f}</th>" for k in keys)
    rows.append(f"<tr><th>macro avg</th><td></td>{cells}</tr>")
    return (
        "<h2>Rationale metrics (0–100)</h2><table><tr><th>language</th><th>n</th>"
        f"{head}</tr>{''.join(rows)}</table>"
    )


def _item_block(record: Record, item: Item | None) -> str:
    mark = "ok" if record.correct else "bad"
    status = "correct" if record.correct else "invalid" if record.invalid else "wrong"
    parts = [
        f"<details><summary class={mark}>{escape(record.item_id)} · {escape(record.language)}"
        f" · {status} · predicted {escape(','.join(record.predicted) or '—')}"
        f" · gold {escape(','.join(record.gold))}</summary>"
    ]
    if item is not None:
        parts.append(f"<p>{escape(item.question)}</p><ul>")
        parts += [f"<li><b>{escape(k)}</b>. {escape(v)}</li>" for k, v in item.options.items()]
        parts.append("</ul>")
    if record.output is not None:
        parts.append(f"<p>Model output:</p><pre>{escape(record.output)}</pre>")
    if record.error:
        parts.append(f"<p class=bad>Error: {escape(record.error)}</p>")
    parts.append("</details>")
    return "".join(parts)


def render_report(
    results: Mapping[str, Any], records: Sequence[Record], items: Mapping[str, Item]
) -> str:
    title = f"polymed · {results['benchmark']} · {results['model']} · {results['mode']}"
    items_html = "".join(_item_block(r, items.get(r.item_id)) for r in records)
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        "<table><tr><th>language</th><th>n</th><th>accuracy %</th><th>95% CI</th>"
        f"<th>invalid</th><th>errors</th></tr>{_language_rows(results)}</table>"
        f"{_rationale_table(results)}"
        f"<h2>Items ({len(records)})</h2>{items_html}</body></html>"
    )
