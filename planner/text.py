"""Plain text from the markup that real paper lists carry.

Titles and abstracts arrive with LaTeX (``\\textbf{...}``, ``$\\times$``,
``\\%``) and HTML entities (``&amp;``).  Displays, calendars and topic features
want plain text; outputs that round-trip the input keep the original, so this
module never changes a record, it only derives strings from it.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Symbols worth keeping as characters rather than dropping: they carry meaning
# in a title ("10x faster", "O(n log n)", "epsilon-DP").
_SYMBOLS = {
    "times": "×", "cdot": "·", "pm": "±", "sim": "~", "approx": "≈", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "infty": "∞",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "in": "∈",
    "ell": "ℓ", "nabla": "∇", "partial": "∂", "sum": "Σ", "prod": "Π", "star": "*",
    "circ": "∘", "dots": "…", "ldots": "…", "cdots": "⋯", "top": "ᵀ", "log": "log",
    "ln": "ln", "exp": "exp", "min": "min", "max": "max", "sqrt": "√",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_ESCAPES = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " "}

# Commands whose argument is the text itself (\textbf{Fast} -> Fast).
_WRAPPERS = re.compile(
    r"\\(?:text(?:bf|it|tt|rm|sf|sc|up|normal)?|emph|mathrm|mathbf|mathit|mathtt|mathsf|"
    r"mathcal|mathbb|mathfrak|boldsymbol|bm|operatorname|underline|overline|"
    r"widetilde|tilde|widehat|hat|bar|vec|dot|bf|it|tt|rm|sf)\s*\{([^{}]*)\}"
)
_FONT_SWITCH = re.compile(r"\{\\(?:bf|it|tt|rm|sf|em|small|large|Large)\s+([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_MATH = re.compile(r"(?<!\\)\$\$?(.+?)(?<!\\)\$\$?", re.S)
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_SIZING = {"left", "right", "big", "Big", "bigg", "Bigg", "small", "large", "Large", "quad",
           "qquad", "displaystyle", "textstyle", "limits", "mathrm", "it", "bf", "rm", "em"}


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    if name in _SIZING:
        return ""
    # An unknown command: its name is the best plain-text guess (\LaTeX -> LaTeX).
    return name


def _math(match: re.Match[str]) -> str:
    body = match.group(1)
    body = body.replace("^", "").replace("_", "")
    return body


def strip_latex(text: str) -> str:
    """Turns LaTeX markup into readable plain text."""
    if "\\" not in text and "$" not in text:
        return text
    out = text
    # Escaped characters first, so that "\%" inside math is not read as a command.
    out = re.sub(r"\\([%&_#${} ])", lambda m: "\x00" + _ESCAPES[m.group(1)], out)
    out = out.replace("\\\\", " ")
    for _ in range(4):  # nested wrappers: \textbf{\emph{x}}
        new = _FRAC.sub(r"\1/\2", _WRAPPERS.sub(r"\1", _FONT_SWITCH.sub(r"\1", out)))
        if new == out:
            break
        out = new
    out = _MATH.sub(_math, out)
    out = _COMMAND.sub(_command, out)
    out = out.replace("{", "").replace("}", "").replace("\x00", "")
    return out


def strip_control(text: str) -> str:
    """Removes control characters that break spreadsheets, XML and calendars."""
    return _CONTROL.sub("", text)


def clean(text: str | None) -> str:
    """Display text: markup removed, entities decoded, whitespace normalised."""
    if not text:
        return ""
    out = unicodedata.normalize("NFC", str(text))
    out = html.unescape(out)
    out = _TAG.sub(" ", out)
    out = strip_latex(out)
    out = strip_control(out)
    return _SPACE.sub(" ", out).strip()


def normalise_name(name: str | None) -> str:
    """A person's name as a comparison key: accents, case and punctuation folded."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", html.unescape(name))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[^\w\s]", " ", folded.casefold())
    return _SPACE.sub(" ", folded).strip()
