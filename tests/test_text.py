"""Text cleaning (planner.core.text): LaTeX and HTML out, plain readable text in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.core.text import clean, normalise_name, strip_control, strip_latex

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        # LaTeX wrappers keep their argument.
        (r"\textbf{layered prefill}", "layered prefill"),
        (r"\emph{Dataflow Is All You Need}", "Dataflow Is All You Need"),
        (r"\textit{db}-SP", "db-SP"),
        (r"\emph{\textbf{KernelLooping}}", "KernelLooping"),
        (r"(\textbf{\underline{ii}}) a", "(ii) a"),
        (r"\textbf{a {nested} group}", "a nested group"),
        (r"{\bf Bold} move", "Bold move"),
        (r"Code at \url{https://x.org/a_b}", "Code at https://x.org/a_b"),
        (r"see \href{https://x.org}{our site}", "see our site"),
        # Math: symbols become characters, the dollars go.
        (r"$10\times$", "10×"),
        (r"up to 2.7$\times$ faster", "up to 2.7× faster"),
        (r"5$\sim$66\% higher", "5~66% higher"),
        (r"$\mathbf{1.6}\times$ fewer", "1.6× fewer"),
        (r"$\boldsymbol{1.28\times}$ speedup", "1.28× speedup"),
        (r"($R^2 \geq 0.76$)", "(R² ≥ 0.76)"),
        (r"$O(n^2)$ memory", "O(n²) memory"),
        (r"$10^{-3}$", "10⁻³"),
        (r"$x^{ab}$", "x^ab"),
        (r"$\mathrm{softmax}(\mathbf{QK}^{\top})\mathbf{V}$", "softmax(QKᵀ)V"),
        (r"$\frac{a}{b}$", "a/b"),
        (r"$\alpha$-$\beta$ pruning", "α-β pruning"),
        # Escaped characters stand for themselves.
        (r"39\% less", "39% less"),
        (r"A \& B", "A & B"),
        (r"costs \$5 and \$10", "costs $5 and $10"),
        (r"the set \{a, b\}", "the set {a, b}"),
        (r"$x_\%$", "x%"),
        (r"snake\_case", "snake_case"),
        # Accents in names; a badly escaped apostrophe is not an accent.
        (r"Jos\'e Garc\'{\i}a", "José García"),
        (r"G\"odel and Espa\~na", "Gödel and España"),
        (r"\c{C}a\u{g}r\i", "Çağrı"),
        (r"Don\'t stop", "Don't stop"),
        # Unknown commands leave their name (the best guess for \sys, \name).
        (r"\sys outperforms", "sys outperforms"),
        # HTML entities and tags.
        ("Attention &amp; Friends", "Attention & Friends"),
        ("&lt;5% loss &mdash; fine", "<5% loss — fine"),
        ("a <b>bold</b> <i>claim</i><br/>here", "a bold claim here"),
        ("x&nbsp;y", "x y"),
        # Whitespace and control characters.
        ("  many \n\t spaces\r\n here  ", "many spaces here"),
        ("bell\x07 and\x00 nul\x1b", "bell and nul"),
        ("zero\u200bwidth soft\xadhyphen", "zerowidth softhyphen"),
        # Unicode is composed.
        ("Cafe\u0301", "Café"),
        # Plain text passes untouched.
        ("A $5 fee and 10% off", "A $5 fee and 10% off"),
    ],
)
def test_clean(raw: str, plain: str) -> None:
    assert clean(raw) == plain


@pytest.mark.parametrize("empty", [None, "", "   ", "\x00"])
def test_clean_empty(empty: str | None) -> None:
    assert clean(empty) == ""


def test_strip_latex_leaves_text_without_markup_alone() -> None:
    text = "No markup at all: 10% & co."
    assert strip_latex(text) is text


def test_strip_control_keeps_tabs_and_newlines() -> None:
    assert strip_control("a\tb\nc\x01d\x7f") == "a\tb\ncd"


def test_mlsys_abstracts_lose_all_markup() -> None:
    records = json.loads((EXAMPLE / "papers.json").read_text(encoding="utf-8"))["results"]
    cleaned = {r["id"]: clean(r["abstract"]) for r in records}
    leftovers = {pid: text for pid, text in cleaned.items() if "\\" in text or "$" in text}
    assert leftovers == {}
    assert "by up to 39% and inflate" in cleaned[3509]
    assert "we propose layered prefill, a new" in cleaned[3509].lower()
    assert "26× cheaper" in cleaned[3585]
    assert "from 49% to 61%" in cleaned[3585]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José García", "jose garcia"),
        ("JOSÉ GARCÍA", "José García"),
        ("José  García ", " jose garcia"),
        (r"Jos\'e Garc\'{\i}a", "Jose Garcia"),
        ("Jean-Luc Picard", "jean luc picard"),
        ("Jürgen Müller", "Jurgen Muller"),
        ("Straße", "strasse"),
        ("Tri Dao", "tri dao"),
        ("Ann &amp; Lee", "ann lee"),
    ],
)
def test_normalise_name_folds_accents_case_and_punctuation(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)
    assert normalise_name(a) == normalise_name(a).strip().casefold()


def test_normalise_name_keeps_different_names_apart() -> None:
    assert normalise_name("Yu Wang") != normalise_name("Yi Wang")
    assert normalise_name("José García") == "jose garcia"
    assert normalise_name(None) == ""
    assert normalise_name("") == ""
