"""Character classes of Japanese script, for the modules that ask "is this Japanese?".

Regular-expression ranges (to be put inside ``[...]``) and the patterns built from them.
"""

from __future__ import annotations

import re

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK extension A, unified, compatibility ideographs
KANA = "\u3040-\u30ff"  # hiragana and katakana, with ー and ・
HALFWIDTH_KANA = "\uff66-\uff9f"
MARKS = "\u3005-\u3007"  # 々 〆 〇
KATAKANA = "\u30a1-\u30fc"  # katakana letters, ・ and ー

HAS_KANJI = re.compile(f"[{KANJI}]")
HAS_KANJI_OR_MARK = re.compile(f"[{KANJI}{MARKS}]")
HAS_JAPANESE = re.compile(f"[{KANA}{KANJI}{HALFWIDTH_KANA}{MARKS}]")
ALL_KATAKANA = re.compile(f"^[{KATAKANA}]+$")
