"""The HTML report: one self-contained page (and its JSON twin) showing the timeline,
the stance heatmap, the alignment network, the hypothesis matrix and, for every number,
the sentences behind it. Presentation only: the numbers come from ``whowhom.analysis``.

    from whowhom.report import ReportOptions, build_report, write_html, write_json
    ctx = build_report("out/demo.duckdb", issues=Path("issues.yaml"), hypotheses=Path("hypotheses.yaml"))
    write_html(ctx, Path("report.html"))
"""

from whowhom.report.build import ReportInputs, ReportOptions, build_context, build_report, load_inputs
from whowhom.report.context import ReportContext
from whowhom.report.render import render_html, to_json, write_html, write_json

__all__ = [
    "ReportContext",
    "ReportInputs",
    "ReportOptions",
    "build_context",
    "build_report",
    "load_inputs",
    "render_html",
    "to_json",
    "write_html",
    "write_json",
]
