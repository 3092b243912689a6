"""Question texts as Qt rich text: maths as Unicode, the HTML subset kept, the rest escaped."""

from __future__ import annotations

from storage.domain import TextFormat
from storage.rich_text import to_html


def test_plain_text_is_escaped_and_maths_rendered() -> None:
    out = to_html(r"Is \(x \in \mathbb{R}^n\) when a<b & c?", TextFormat.PLAIN)
    assert out.startswith("<p>") and "ℝⁿ" in out and "∈" in out
    assert "a&lt;b &amp; c" in out and "\\(" not in out


def test_html_subset_becomes_qt_markup() -> None:
    out = to_html(
        "<p>Use <b>bold</b>, <code>x = 1</code>, H<sub>2</sub>O, e<sup>x</sup> "
        '<script>alert(1)</script><font color="red">red</font></p>'
        '<ol><li>one</li></ol><img src="fig%201.png">',
        TextFormat.HTML,
    )
    assert "<b>bold</b>" in out
    assert '<span style="font-family: monospace">x = 1</span>' in out
    assert "<sub>2</sub>" in out and "<sup>x</sup>" in out
    assert "alert" not in out and "<font" not in out and "red" in out
    assert "1.\u00a0one" in out and "margin-left" in out
    assert '<img src="fig 1.png">' in out


def test_inline_form_joins_blocks_with_breaks() -> None:
    out = to_html("<p>first</p><p>second</p>", TextFormat.HTML, inline=True)
    assert out == "first<br>second"
