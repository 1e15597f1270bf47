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

# fmt: off
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
    # Letters in names: \o -> ø, \ss -> ß, \i -> ı (Turkish dotless i).
    "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı",
}
# Escaped characters ("\%", "\$", "\{") stand in for themselves.  While the
# markup is stripped they are held as private-use characters, so that "\$5"
# is not read as the start of math and "\{" survives the brace removal.
_ESCAPABLE = "%&_#${} "
_HOLD = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_RELEASE = {ord(v): k for k, v in _HOLD.items()}

# Commands whose argument is the text itself (\textbf{Fast} -> Fast).
_WRAPPER_NAMES = (
    "text", "textbf", "textit", "texttt", "textrm", "textsf", "textsc", "textup", "textnormal",
    "emph", "mathrm", "mathbf", "mathit", "mathtt", "mathsf", "mathcal", "mathbb", "mathfrak",
    "boldsymbol", "bm", "operatorname", "underline", "overline", "widetilde", "tilde",
    "widehat", "hat", "bar", "vec", "dot", "bf", "it", "tt", "rm", "sf", "url", "mbox",
    "textsuperscript", "textsubscript",
)
# fmt: on
_WRAPPERS = re.compile(r"\\(?:" + "|".join(_WRAPPER_NAMES) + r")\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}")
_FONT_SWITCH = re.compile(r"\{\\(?:bf|it|tt|rm|sf|em|small|large|Large)\s+([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# Accents: \'e, \'{e}, \"{o}, \c{c}, \v{s} -> é, ë, ö, ç, š.
# fmt: off
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
    "r": "\u030a",
}
# fmt: on
# Unbraced only on vowels (and ñ): "Don\'t" in a badly escaped title is not an accent.
_ACCENT = re.compile(
    r"\\(['`^\"~=.])\s*(?:\{\\?([A-Za-z])\}|([AEIOUYaeiouy]|(?<=~)[Nn]))"
    r"|\\([cvuHkr])\s*\{\\?([A-Za-z])\}"
)
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_MATH = re.compile(r"\$\$?(.+?)\$\$?", re.S)
_SUPERSCRIPT = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
_POWER = re.compile(r"\^\s*(?:\{\s*([^{}]*?)\s*\}|([0-9A-Za-z]))")
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
# C0/C1 controls except tab and newlines, plus invisible characters that break
# sorting and matching (zero-width space, word joiner, BOM, soft hyphen).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
# fmt: off
_SIZING = {
    "left", "right", "big", "Big", "bigg", "Bigg", "small", "large", "Large", "quad", "qquad",
    "displaystyle", "textstyle", "limits", "noindent", "centering", "footnotesize", "em",
    *_WRAPPER_NAMES, "href",
}

# fmt: on


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    if name in _SIZING:
        return ""
    # An unknown command: its name is the best plain-text guess (\LaTeX -> LaTeX).
    return name


def _accent(match: re.Match[str]) -> str:
    mark = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5)
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _power(match: re.Match[str]) -> str:
    exponent = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    if exponent in ("\\top", "T", "ᵀ"):
        return "ᵀ"
    raised = exponent.translate(_SUPERSCRIPT)
    if exponent and all(ch != src for ch, src in zip(raised, exponent, strict=True)):
        return raised  # every character has a superscript form: 10^{-3} -> 10⁻³
    return "^" + exponent  # keep the meaning: x^{ab} -> x^ab


def _math(match: re.Match[str]) -> str:
    body = _POWER.sub(_power, match.group(1))
    return re.sub(r"_\s*\{([^{}]*)\}|_", r"\1", body)


def strip_latex(text: str) -> str:
    """Turns LaTeX markup into readable plain text."""
    if "\\" not in text and "$" not in text:
        return text
    out = text.replace("\\\\", " ")  # a forced line break
    # Escaped characters first, so that "\%" inside math is not read as a command.
    out = re.sub(r"\\([%&_#${} ])", lambda m: _HOLD[m.group(1)], out)
    out = _ACCENT.sub(_accent, out)
    for _ in range(4):  # nested wrappers: \textbf{\emph{x}}
        new = _FONT_SWITCH.sub(r"\1", out)
        new = _FRAC.sub(r"\1/\2", _HREF.sub(r"\1", _WRAPPERS.sub(r"\1", new)))
        if new == out:
            break
        out = new
    out = _MATH.sub(_math, out)
    out = _COMMAND.sub(_command, out)
    out = out.replace("{", "").replace("}", "").replace("\\'", "'").replace('\\"', '"')
    return out.translate(_RELEASE)


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
    folded = unicodedata.normalize("NFKD", strip_latex(html.unescape(name)))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[^\w\s]", " ", folded.casefold())
    return _SPACE.sub(" ", folded).strip()


# --------------------------------------------------------------------------- output safety
# One definition of "text an output file can carry", used by every XML-based
# writer (the workbook, schedule.xml) and by the input checks that decide which
# names must stay unique once written.  XML 1.0 refuses C0 controls other than
# tab and newlines, lone surrogates, U+FFFE and U+FFFF; the C1 controls and the
# other noncharacters are allowed there but break spreadsheets, calendar
# clients and terminals, so they go too.
_NOT_XML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document (or a workbook cell) cannot hold."""
    return _NOT_XML.sub("", text)


def display_key(name: str) -> str:
    """How a name reads back from an output: XML-safe, spaces collapsed, case folded.

    Session and room names are written into the workbook and read back from it
    on the next run; two names with the same key could not be told apart there.
    """
    return " ".join(xml_safe(name).split()).casefold()


# Characters a terminal acts on instead of showing: C0 and C1 controls (ESC
# starts colour and cursor sequences, U+009B is a one-byte CSI), DEL, the
# bidirectional overrides that reorder what is shown, surrogates (not
# encodable) and noncharacters.
_NOT_SHOWN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Text to print: every control character shown as an escape (``\\x1b``), never obeyed.

    Tabs and newlines are kept; everything else a terminal would act on becomes
    visible, so input cannot move the cursor, recolour the screen or hide text.
    """
    return _NOT_SHOWN.sub(_visible, text)
