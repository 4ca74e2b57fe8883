"""Fill translations into a .po catalogue from a JSON table and clear their fuzzy flags.

Usage: python platform/fritt/devtools/po_fill.py locale/nn/LC_MESSAGES/django.po nn.json
where nn.json is {"bokmål msgid": "translation", ...}. Plural entries are left alone.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MSGID = re.compile(r'^msgid ((?:".*"\n?)+)', re.M)


def _msgid(block: str) -> str | None:
    match = _MSGID.search(block)
    if match is None:
        return None
    return "".join(json.loads(part) for part in _STRING.findall(match.group(1)))


def _filled(block: str, translation: str) -> str:
    kept = []
    for line in block.split("\n"):
        if line.startswith("msgstr"):
            break  # the old msgstr and its continuation lines end the entry
        if line.startswith("#|"):
            continue  # the previous msgid of a fuzzy match
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        kept.append(line)
    kept.append("msgstr " + json.dumps(translation, ensure_ascii=False))
    return "\n".join(kept)


def fill(path: Path, table: dict[str, str]) -> int:
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for i, block in enumerate(blocks):
        msgid = _msgid(block)
        if msgid and msgid in table and "msgid_plural" not in block:
            blocks[i] = _filled(block, table[msgid])
            filled += 1
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


if __name__ == "__main__":
    catalogue, table_file = Path(sys.argv[1]), Path(sys.argv[2])
    count = fill(catalogue, json.loads(table_file.read_text(encoding="utf-8")))
    print(f"{catalogue}: {count} entries filled")
