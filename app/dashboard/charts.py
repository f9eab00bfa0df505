"""Chart data as plain values, drawn as SVG by matplotlib (no browser library) or written as CSV."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field

PALETTE = ("#1b3a5c", "#c0392b", "#5b8db8", "#e08e79", "#7f8c8d")


@dataclass
class Chart:
    name: str
    title: str
    x_label: str
    y_label: str
    categories: list[str]
    series: list[tuple[str, list[float]]] = field(default_factory=list)
    horizontal: bool = False

    @property
    def empty(self) -> bool:
        return not self.categories or not any(any(v for v in values) for _, values in self.series)


def to_csv(chart: Chart) -> str:
    """The chart's numbers as CSV: one row per category, one column per series."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([chart.x_label, *(label for label, _ in chart.series)])
    for i, category in enumerate(chart.categories):
        writer.writerow([category, *(_number(values[i]) for _, values in chart.series)])
    return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def to_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document; text stays text so any script shows."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = max(1, len(chart.categories))
    size = (7.5, max(2.5, 0.32 * n + 1.2)) if chart.horizontal else (max(5.0, min(12.0, 0.55 * n + 3)), 3.6)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart.name,
                                "font.family": ["Noto Sans CJK JP", "DejaVu Sans", "sans-serif"],
                                "font.size": 9}), warnings.catch_warnings():
        # glyphs absent from the fonts here (e.g. Japanese) are measured roughly; the browser draws them
        warnings.filterwarnings("ignore", message=r".*(Glyph|findfont|missing from).*")
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.subplots()
        count = max(1, len(chart.series))
        width = 0.8 / count
        positions = list(range(len(chart.categories)))
        for index, (label, values) in enumerate(chart.series):
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            if chart.horizontal:
                axes.barh(offsets, values, height=width, label=label, color=PALETTE[index % len(PALETTE)])
            else:
                axes.bar(offsets, values, width=width, label=label, color=PALETTE[index % len(PALETTE)])
        if chart.horizontal:
            axes.set_yticks(positions, chart.categories)
            axes.invert_yaxis()
            axes.set_xlabel(chart.y_label)
            axes.set_ylabel(chart.x_label)
        else:
            axes.set_xticks(positions, chart.categories, rotation=30 if n > 6 else 0,
                            ha="right" if n > 6 else "center")
            axes.set_xlabel(chart.x_label)
            axes.set_ylabel(chart.y_label)
        axes.spines[["top", "right"]].set_visible(False)
        (axes.xaxis if chart.horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
        if len(chart.series) > 1:
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes.set_title(chart.title, loc="left", fontsize=10)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
