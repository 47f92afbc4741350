"""One line of a notification's plain text for the inbox.

The text is written for an e-mail: short lines, a list of "- " items under a line ending in a colon, and a
link under "Open your queue:".  Shown on one line as it is, it reads "…3 days: - 4 sign-off requests From 4
apprentices".  The preview leaves out links and the line that introduces them, joins a list's items with
commas, and ends each line that has no final punctuation with a full stop.
"""

import re

_LINK = re.compile(r"^(https?://|/)\S*$")
_ITEM = re.compile(r"^[-•*]\s+")
_ENDS = (".", "!", "?", ":", ";", "…")


def one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    parts: list[str] = []
    items: list[str] = []

    def close_items() -> None:
        if items:
            joined = ", ".join(item.rstrip(".;,") for item in items)
            parts.append(joined + ".")
            items.clear()

    for index, line in enumerate(lines):
        if _LINK.match(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.endswith(":") and _LINK.match(following):
            continue  # "Open your queue:" without its link says nothing
        if _ITEM.match(line):
            items.append(_ITEM.sub("", line))
            continue
        close_items()
        parts.append(line if line.endswith(_ENDS) else line + ".")
    close_items()
    return " ".join(parts)
