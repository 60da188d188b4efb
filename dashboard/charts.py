"""Chart builders: plain ECharts option dicts, never a call to ``st.*``.

Everything a user wrote (names, comment text) reaches a chart in two ways only:
as a node label or axis text, which ECharts draws on the canvas as plain text,
or inside a tooltip, which ECharts treats as HTML, so tooltip strings are built
here with :func:`html.escape` and never with ECharts' ``{b}`` templates.

Not supported: layouts computed in the browser (positions always come from
Python, see :func:`dashboard.data.layout`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

RELATION_COLORS = {
    "agree": "#2e9d4f",
    "disagree": "#d1343d",
    "neutral": "#9aa0a6",
    "top-level": "#4a78c2",
    "quote": "#c9a227",
}
RELATION_NAMES = {
    "agree": "agrees with parent",
    "disagree": "disagrees with parent",
    "neutral": "neutral reply",
    "top-level": "top-level comment",
    "quote": "quotes another comment",
}
CAMP_PALETTE = ("#4a78c2", "#e08a2e", "#8a5cc2", "#2aa198", "#c2527a", "#7a8c2e", "#5c6bc0", "#a1887f")
NO_CAMP = "no camp"
NO_CAMP_COLOR = "#b8bcc2"
# The graph's drawing box inside the chart, in pixels. ECharts fits the nodes' bounding box into
# it, keeping the layout's aspect ratio (else circles become ellipses) and centring it, so a
# node's pixel is known from its coordinates (see :func:`pixel`).
GRAPH_BOX = {"left": 40, "right": 140, "top": 56, "bottom": 36}


def camp_colors(camps: Sequence[str]) -> dict[str, str]:
    """A stable colour per camp label (sorted), grey for speakers in no camp."""
    out = {c: CAMP_PALETTE[i % len(CAMP_PALETTE)] for i, c in enumerate(sorted(set(camps) - {NO_CAMP}))}
    out[NO_CAMP] = NO_CAMP_COLOR
    return out


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 comment``, ``2 comments``."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def excerpt(text: str, n: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"


def tip(title: str, lines: Sequence[str] = (), quote: str | None = None) -> str:
    """Tooltip HTML with every piece of user text escaped."""
    parts = [f"<b>{html.escape(title)}</b>"]
    parts += [html.escape(line) for line in lines]
    if quote:
        parts.append(f"<i>“{html.escape(excerpt(quote))}”</i>")
    body = "<br/>".join(parts)
    return f'<div style="max-width:340px;white-space:normal">{body}</div>'


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    size: float  # activity: comments written (speakers) or replies received + 1 (comments)
    group: str  # camp label, or NO_CAMP
    tooltip: str  # already-escaped HTML from :func:`tip`
    show_label: bool = True


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)  # relation label -> replies
    tooltip: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def dominant(self) -> str:
        """The relation drawn: disagreement wins ties, since that is what the graph is read for."""
        if not self.counts:
            return "neutral"
        order = ("disagree", "agree", "neutral", "quote", "top-level")
        return max(self.counts, key=lambda k: (self.counts[k], -order.index(k) if k in order else -9))


def _plain_label(text: str) -> str:
    """A label drawn as typed: braces and pipes would start ECharts' rich-text and template syntax."""
    return text.replace("{", "(").replace("}", ")").replace("|", "/")


def label_of(item: dict[str, Any]) -> str:
    """The text shown beside a node of :func:`graph_spec`."""
    return item["label"]["formatter"]


def _camp_name(group: str) -> str:
    return group if group == NO_CAMP else f"camp {group}"


def pixel(spec: dict[str, Any], index: int, width: float, height: float) -> tuple[float, float]:
    """Where node ``index`` of a :func:`graph_spec` is drawn in a chart of ``width`` x ``height``
    pixels before any zoom: the nodes' bounding box fitted, aspect kept, in :data:`GRAPH_BOX`."""
    data = spec["series"][0]["data"]
    xs, ys = [d["x"] for d in data], [d["y"] for d in data]
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0, max(ys) - y0
    if w == 0:  # ECharts widens a flat extent by one unit each side
        x0, w = x0 - 1, 2.0
    if h == 0:
        y0, h = y0 - 1, 2.0
    left, top = float(GRAPH_BOX["left"]), float(GRAPH_BOX["top"])
    box_w = width - GRAPH_BOX["left"] - GRAPH_BOX["right"]
    box_h = height - GRAPH_BOX["top"] - GRAPH_BOX["bottom"]
    aspect = w / h
    if box_w / box_h > aspect:  # the box is wider than the layout: centred horizontally
        left += (box_w - box_h * aspect) / 2
        box_w = box_h * aspect
    else:
        top += (box_h - box_w / aspect) / 2
        box_h = box_w / aspect
    d = data[index]
    return left + (d["x"] - x0) / w * box_w, top + (d["y"] - y0) / h * box_h


def graph_spec(nodes: Sequence[Node], edges: Sequence[Edge], pos: dict[str, tuple[float, float]],
               selected: str | None = None, big: bool = False) -> dict[str, Any]:
    """An ECharts graph with fixed positions: nodes sized by activity and coloured by camp,
    edges coloured by relation and thickened by count; one node may come pre-selected."""
    groups = sorted({n.group for n in nodes} - {NO_CAMP}) + (
        [NO_CAMP] if any(n.group == NO_CAMP for n in nodes) else [])
    colors = camp_colors(groups)
    gi = {g: i for i, g in enumerate(groups)}
    index = {n.id: i for i, n in enumerate(nodes)}
    top = max((n.size for n in nodes), default=1.0) or 1.0
    lo, hi = (4, 18) if big else (12, 56)
    data = []
    for n in nodes:
        x, y = pos.get(n.id, (0.0, 0.0))
        item: dict[str, Any] = {
            # ECharts keys selection by name: names must be unique (one host name per comment is not),
            # so the name is the id and the label carries the display text.
            "id": n.id, "name": n.id, "x": round(x * 1000, 2), "y": round(-y * 1000, 2),
            "symbolSize": round(lo + (hi - lo) * (n.size / top) ** 0.5, 1),
            "category": gi[n.group], "tooltip": {"formatter": n.tooltip},
            "label": {"show": n.show_label, "formatter": _plain_label(n.label)},
        }
        if n.id == selected:
            item["selected"] = True
        data.append(item)
    most = max((e.total for e in edges), default=1) or 1
    links = []
    for e in edges:
        if e.source not in index or e.target not in index:
            continue
        link: dict[str, Any] = {
            "source": index[e.source], "target": index[e.target],
            "lineStyle": {"color": RELATION_COLORS.get(e.dominant, "#9aa0a6"),
                          "width": round(1 + 5 * (e.total / most) ** 0.5, 2) if most > 1 else
                          (1.0 if big else 1.6),
                          "opacity": 0.55 if big else 0.8,
                          "type": "dashed" if e.dominant == "quote" else "solid"},
        }
        if e.tooltip:
            link["tooltip"] = {"formatter": e.tooltip}
        links.append(link)
    series: dict[str, Any] = {
        "type": "graph", "layout": "none", "roam": True, "selectedMode": "single", **GRAPH_BOX,
        "preserveAspect": "contain",
        "draggable": False, "data": data, "links": links,
        "categories": [{"name": _camp_name(g), "itemStyle": {"color": colors[g]}} for g in groups],
        "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": [0, 7 if not big else 4],
        "label": {"position": "right", "fontSize": 11},
        "labelLayout": {"hideOverlap": True},
        "lineStyle": {"curveness": 0.12},
        "emphasis": {"focus": "adjacency", "lineStyle": {"width": 4}},
        "select": {"itemStyle": {"borderColor": "#111", "borderWidth": 3},
                   "label": {"show": True, "fontWeight": "bold"}},
        "scaleLimit": {"min": 0.2, "max": 12},
    }
    return {
        "tooltip": {"trigger": "item", "confine": True, "enterable": False},
        "legend": [{"data": [_camp_name(g) for g in groups], "top": 0, "left": "center"}],
        "animation": not big,
        "series": [series],
    }


def tone_timeline_spec(points: Sequence[tuple[int, float, str, str]]) -> dict[str, Any]:
    """Bars along the thread: x = comment number in page order, y = tone (VADER compound),
    one series per relation so the legend explains the colours.

    ``points`` are (position, compound, relation key, escaped tooltip HTML).
    """
    series = []
    for key in ("top-level", "agree", "neutral", "disagree"):
        data = [{"value": [x, round(y, 3)], "tooltip": {"formatter": t}}
                for x, y, k, t in points if k == key]
        series.append({"type": "bar", "name": RELATION_NAMES[key], "data": data,
                       "itemStyle": {"color": RELATION_COLORS[key]}, "barMaxWidth": 10, "barGap": "-100%",
                       "barMinHeight": 2})
    n = max((p[0] for p in points), default=1)
    return {
        "animation": False,  # a half-grown bar reads as a real value
        "tooltip": {"trigger": "item", "confine": True},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 16, "top": 36, "bottom": 40},
        "xAxis": {"type": "value", "min": 0, "max": n + 1, "name": "comment, in page order",
                  "nameLocation": "middle", "nameGap": 26, "minInterval": 1},
        "yAxis": {"type": "value", "min": -1, "max": 1, "name": "tone",
                  "splitLine": {"show": True}},
        "series": series,
    }


def commenters_spec(rows: Sequence[dict[str, Any]], limit: int = 25) -> dict[str, Any]:
    """Stacked horizontal bars per speaker: agreement and disagreement given and received."""
    rows = list(rows)[:limit][::-1]  # ECharts draws the first category at the bottom
    names = [r["speaker"] for r in rows]
    parts = (("disagree given", RELATION_COLORS["disagree"], 1.0),
             ("agree given", RELATION_COLORS["agree"], 1.0),
             ("disagree received", RELATION_COLORS["disagree"], 0.45),
             ("agree received", RELATION_COLORS["agree"], 0.45))
    series = [{"type": "bar", "name": key, "stack": key.split()[1], "data": [r[key] for r in rows],
               "itemStyle": {"color": color, "opacity": alpha}, "barMaxWidth": 14}
              for key, color, alpha in parts]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 24, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1, "name": "replies"},
        "yAxis": {"type": "category", "data": names, "axisLabel": {"width": 150, "overflow": "truncate"}},
        "series": series,
    }


def tone_color(tone: float | None) -> str:
    """Green for a friendly mean tone, red for a hostile one, grey in between or unknown."""
    if tone is None:
        return RELATION_COLORS["neutral"]
    return RELATION_COLORS["agree"] if tone >= 0.05 else RELATION_COLORS["disagree"] if tone <= -0.05 \
        else RELATION_COLORS["neutral"]


def speaker_threads_spec(points: Sequence[tuple[str, int, float | None, str]]) -> dict[str, Any]:
    """Horizontal bars, one per thread a commenter wrote in: length = their comments there,
    colour = their mean tone there.

    ``points`` are (thread label, comments, mean tone or None, escaped tooltip HTML).
    """
    points = list(points)[::-1]  # ECharts draws the first category at the bottom
    data = [{"value": n, "itemStyle": {"color": tone_color(tone)}, "tooltip": {"formatter": t}}
            for _, n, tone, t in points]
    return {
        "animation": False,
        "tooltip": {"trigger": "item", "confine": True},
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 32, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1, "name": "their comments in the thread",
                  "nameLocation": "middle", "nameGap": 26},
        "yAxis": {"type": "category", "data": [_plain_label(p[0]) for p in points],
                  "axisLabel": {"width": 180, "overflow": "truncate"}},
        "series": [{"type": "bar", "name": "comments", "data": data, "barMaxWidth": 16}],
    }
