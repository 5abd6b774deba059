"""The report's message catalogue: every heading, label, legend, table header and sentence.

One plain table, :data:`MESSAGES`: ``key -> {"en": text, "da": text}``. Texts
are :meth:`str.format` templates (``{n}``, ``{year}``...). :class:`Text` picks a
language and formats numbers and dates the way its readers write them:
English ``1,557.9`` and ``1 December 2026``, Danish ``1.557,9`` and
``1. december 2026``. CSV files are not touched by this module: they keep
point decimals so that programs can read them.

Examples
--------
>>> t = Text("da")
>>> t.num(1557.94, 1), t("targets.heading")
('1.557,9', 'Mål')
>>> Text("en").num(-1557.94, 1)
'-1,557.9'
"""

from __future__ import annotations

import datetime as _dt
import math

from ._texts import MESSAGES  # the catalogue, key -> {"en": text, "da": text}
from ._texts import MONTHS as _MONTHS

__all__ = ["LANGUAGES", "MESSAGES", "Text"]

#: Languages of the report.
LANGUAGES = ("en", "da")


class Text:
    """Messages and number formats of one language (``"en"`` or ``"da"``).

    ``t(key, **kw)`` is the catalogue's text, formatted; ``t.num(x, digits)``
    a number, ``t.kt(x)`` t CO2e as kt CO2e, ``t.pct(x)`` a fraction as
    percent, ``t.date(d)`` a date.

    Parameters
    ----------
    lang : str, default "en"
        The language, one of :data:`LANGUAGES`.

    Raises
    ------
    capf.errors.CapfError
        For a language capf has no texts in.

    Examples
    --------
    >>> t = Text("da")
    >>> t("sector.total"), t.num(1234.5, 1), t.pct(0.7)
    ('i alt', '1.234,5', '70 %')
    >>> Text("en")("sector.total")
    'total'
    """

    def __init__(self, lang: str = "en"):
        if lang not in LANGUAGES:
            from ..errors import CapfError

            raise CapfError(f"unknown report language {lang!r}; expected one of "
                             f"{', '.join(LANGUAGES)}")
        self.lang = lang

    def __call__(self, key: str, **kw) -> str:
        return MESSAGES[key][self.lang].format(**kw)

    def num(self, value, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals and grouped thousands; '–' where missing.

        Parameters
        ----------
        value : float, None or str
            The number (in whatever unit the caller shows); None, NaN or text that is
            not a number is shown as '–'.
        digits : int, default 1
            Decimals.

        Examples
        --------
        >>> Text("en").num(1557.94), Text("da").num(1557.94), Text("en").num(None)
        ('1,557.9', '1.557,9', '–')
        >>> Text("en").num(-0.01, 1)  # no "-0.0"
        '0.0'
        """
        if value is None:
            return "–"
        try:
            x = float(value)
        except (TypeError, ValueError):
            return "–"
        if math.isnan(x):
            return "–"
        text = f"{x:,.{digits}f}"
        if text.startswith("-") and float(text.replace(",", "")) == 0.0:
            text = text[1:]  # no "-0.0"
        if self.lang == "da":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def g(self, value, sig: int = 6) -> str:
        """A plan value with up to ``sig`` significant digits (no trailing zeros).

        Parameters
        ----------
        value : float
            The value as the plan gives it (in its own unit).
        sig : int, default 6
            Significant digits at most.

        Examples
        --------
        >>> Text("en").g(0.125), Text("da").g(1234.5), Text("en").g(2.0)
        ('0.125', '1.234,5', '2')
        """
        x = float(value)
        if x != 0 and abs(x) >= 1e-3 and abs(x) < 1e15:
            digits = max(0, sig - 1 - int(math.floor(math.log10(abs(x)))))
            text = self.num(round(x, digits), digits)
            if "," in text or "." in text:
                dec = "," if self.lang == "da" else "."
                if dec in text:
                    text = text.rstrip("0").rstrip(dec)
            return text
        text = f"{x:.{sig}g}"
        return text.replace(".", ",") if self.lang == "da" else text

    def kt(self, value, digits: int = 1) -> str:
        """t CO2e/yr as kt CO2e/yr.

        Parameters
        ----------
        value : float or None
            t CO2e/yr (or t CO2e); None or text that is not a number is shown as '–'.
        digits : int, default 1
            Decimals of the kt figure.

        Examples
        --------
        >>> Text("en").kt(160000.0), Text("da").kt(1557940.0, 0), Text("en").kt(None)
        ('160.0', '1.558', '–')
        """
        if value is None:
            return "–"
        try:
            return self.num(float(value) * 1e-3, digits)
        except (TypeError, ValueError):
            return "–"

    def pct(self, value, digits: int = 0) -> str:
        """A fraction as percent: 0.7 -> '70 %'.

        Parameters
        ----------
        value : float or None
            A fraction (0.7, not 70); None is shown as '–'.
        digits : int, default 0
            Decimals of the percent figure.

        Examples
        --------
        >>> Text("en").pct(0.7), Text("da").pct(0.125, 1), Text("en").pct(None)
        ('70 %', '12,5 %', '–')
        """
        text = self.num(None if value is None else float(value) * 100, digits)
        return text if text == "–" else f"{text} %"

    def date(self, d: _dt.date) -> str:
        """A date the way this language writes it.

        Parameters
        ----------
        d : datetime.date
            The date.

        Examples
        --------
        >>> import datetime
        >>> Text("en").date(datetime.date(2026, 12, 1)), Text("da").date(datetime.date(2026, 12, 1))
        ('1 December 2026', '1. december 2026')
        """
        month = _MONTHS[self.lang][d.month - 1]
        return f"{d.day}. {month} {d.year}" if self.lang == "da" else f"{d.day} {month} {d.year}"

    def sector(self, name: str) -> str:
        """The label of a capf sector (from its record) or a CCTF group in this language.

        Parameters
        ----------
        name : str
            A capf sector (``"lowland_soils"``), a CCTF group (``"other"``) or
            ``"total"``; other names are shown with spaces for underscores.

        Returns
        -------
        str

        Examples
        --------
        >>> Text("da").sector("lowland_soils"), Text("en").sector("lowland_soils")
        ('lavbundsjorder', 'lowland soils')
        >>> Text("da").sector("other"), Text("en").sector("new_sector")
        ('øvrige', 'new sector')
        """
        key = f"sector.{name}"
        return self(key) if key in MESSAGES else str(name).replace("_", " ")

    def maybe(self, prefix: str, value: str) -> str:
        """The catalogue's text of ``prefix.value`` if there is one, else ``value``.

        Parameters
        ----------
        prefix : str
            A group of catalogue keys (``"sector"``).
        value : str
            The name to show.

        Examples
        --------
        >>> Text("da").maybe("sector", "total"), Text("da").maybe("sector", "no_such_name")
        ('i alt', 'no_such_name')
        """
        key = f"{prefix}.{value}"
        return self(key) if key in MESSAGES else str(value)
