"""Persian PDFs with WeasyPrint and the self-hosted Vazirmatn (no network, correct shaping).

Latin characters (digits, dashes, links) come from the Latin subset and Persian from the
Arabic-script subset: two families, listed Latin first in a PDF's CSS
(`font-family: VazirmatnLatin, Vazirmatn`). Templates include `{{ font_faces|safe }}`.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "vazirmatn"
FAMILIES = {"latin": "VazirmatnLatin", "arabic": "Vazirmatn"}
RANGES = {
    "arabic": "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F",
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2212",
}


def truetype(woff2: Path) -> Path | None:
    """The bundled woff2 unpacked once to TrueType under var/fonts: WeasyPrint maps some glyphs
    of these woff2 subsets wrongly when it embeds them directly (checked with pdftoppm)."""
    if not woff2.exists():
        return None
    target = Path(settings.VAR_DIR) / "fonts" / woff2.with_suffix(".ttf").name
    if not target.exists() or target.stat().st_mtime < woff2.stat().st_mtime:
        from fontTools.ttLib import TTFont

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(woff2))
        font.flavor = None
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        tmp.replace(target)
    return target


def font_faces() -> str:
    """@font-face rules pointing at the bundled Vazirmatn (file:// URLs)."""
    rules = []
    for weight in (400, 700):
        for subset, unicode_range in RANGES.items():
            path = truetype(FONT_DIR / f"vazirmatn-{subset}-{weight}-normal.woff2")
            if path is not None:
                rules.append(
                    f"@font-face {{ font-family: '{FAMILIES[subset]}'; font-weight: {weight}; "
                    f"src: url('{path.as_uri()}') format('truetype'); unicode-range: {unicode_range}; }}"
                )
    return "\n".join(rules)
