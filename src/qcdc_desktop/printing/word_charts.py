"""The report's bar charts as pictures for the Word document: the same reportlab drawings the
PDF holds (``report.field_chart``, ``report.month_chart``), painted with Pillow.

reportlab's own bitmap renderer needs a cairo binding that is not installed with the
application; the charts use only rectangles, lines, polygons and strings, which this small
renderer paints (strings in the document's font, rotated when a label is).
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, StateTracker, getStateDelta
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics

DPI = 200  # sharp on paper, small in the file

Matrix = tuple[float, float, float, float, float, float]


@lru_cache(maxsize=16)
def _font(name: str, pixels: int) -> ImageFont.FreeTypeFont:
    face = getattr(pdfmetrics.getFont(name), "face")  # a TTFont's face: reportlab's types do not say it
    return ImageFont.truetype(face.filename, pixels)


def _colour(value: Any) -> tuple[int, int, int, int] | None:
    if value is None:
        return None
    return (round(value.red * 255), round(value.green * 255), round(value.blue * 255),
            round(getattr(value, "alpha", 1) * 255))


class _Painter(Renderer):
    def __init__(self, drawing: Drawing, scale: float) -> None:
        self.scale = scale
        self.size = (max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale)))
        self.height = drawing.height
        self.image = Image.new("RGBA", self.size, (255, 255, 255, 255))
        self.pen = ImageDraw.Draw(self.image)

    def paint(self, drawing: Drawing) -> bytes:
        self._tracker = StateTracker(defaultObj=drawing)
        self._drawing = drawing
        self.drawNode(drawing)
        out = io.BytesIO()
        self.image.convert("RGB").save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
        return out.getvalue()

    # ----- the tree
    def drawNode(self, node: Any) -> None:
        self._tracker.push(getStateDelta(node))
        self.fillDerivedValues(node)
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def applyStateChanges(self, delta: Any, newState: Any) -> None:
        pass  # the state is read from the tracker when a shape is painted

    def _point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._tracker.getCTM()
        px, py = a * x + c * y + e, b * x + d * y + f
        return px * self.scale, (self.height - py) * self.scale

    def _stroke(self) -> tuple[tuple[int, int, int, int] | None, int]:
        a, b, *_rest = self._tracker.getCTM()
        width = (self.getStateValue("strokeWidth") or 0) * math.hypot(a, b) * self.scale
        return _colour(self.getStateValue("strokeColor")), max(1, round(width))

    def _polygon(self, points: list[tuple[float, float]], closed: bool = True) -> None:
        xy = [self._point(x, y) for x, y in points]
        fill = _colour(self.getStateValue("fillColor")) if closed else None
        stroke, width = self._stroke()
        if fill is not None and len(xy) > 2:
            self.pen.polygon(xy, fill=fill)
        if stroke is not None:
            self.pen.line(xy + (xy[:1] if closed else []), fill=stroke, width=width)

    # ----- the shapes
    def drawRect(self, rect: Any) -> None:
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        self._polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])

    def drawLine(self, line: Any) -> None:
        stroke, width = self._stroke()
        if stroke is not None:
            self.pen.line([self._point(line.x1, line.y1), self._point(line.x2, line.y2)], fill=stroke, width=width)

    def drawPolygon(self, polygon: Any) -> None:
        p = polygon.points
        self._polygon(list(zip(p[0::2], p[1::2])))

    def drawPolyLine(self, polyline: Any) -> None:
        p = polyline.points
        self._polygon(list(zip(p[0::2], p[1::2])), closed=False)

    def drawCircle(self, circle: Any) -> None:
        steps = 36
        self._polygon([(circle.cx + circle.r * math.cos(2 * math.pi * i / steps),
                        circle.cy + circle.r * math.sin(2 * math.pi * i / steps)) for i in range(steps)])

    def drawString(self, string: Any) -> None:
        colour = _colour(self.getStateValue("fillColor"))
        if colour is None or not string.text:
            return
        a, b, *_rest = self._tracker.getCTM()
        size = self.getStateValue("fontSize") * math.hypot(a, b) * self.scale
        font = _font(self.getStateValue("fontName"), max(1, round(size)))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(self.getStateValue("textAnchor"), "ls")
        x, y = self._point(string.x, string.y)
        angle = math.degrees(math.atan2(b, a))
        if abs(angle) < 0.01:
            self.pen.text((x, y), string.text, font=font, fill=colour, anchor=anchor)
            return
        layer = Image.new("RGBA", self.size, (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((x, y), string.text, font=font, fill=colour, anchor=anchor)
        self.image.alpha_composite(layer.rotate(angle, center=(x, y), resample=Image.Resampling.BICUBIC))


def chart_png(drawing: Drawing) -> bytes:
    """The drawing as a PNG at :data:`DPI`, its size in points kept by the picture's width."""
    return _Painter(drawing, DPI / 72).paint(drawing)
