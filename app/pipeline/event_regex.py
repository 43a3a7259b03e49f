r"""How event patterns become fast regexes: grouped alternations, word tries, and case folding.

The patterns run on "folded" text: lower case except the few words they tell apart by case
(`(?-i:U\.?S\.?)`: U.S. versus the pronoun "us"). They are compiled without IGNORECASE, so
the regex engine can skip most positions by their first letter.
"""

from __future__ import annotations

import re

CASED_GROUP = "(?-i:"
Trie = dict[str, "Trie"]


def alternation(items: list[str]) -> str:
    """`(?:a|b|...)`, alternatives that start with a plain letter grouped under it, so the
    regex engine tries one branch per first letter instead of every alternative."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for item in items:
        if len(item) > 1 and item[0].isalpha() and item[1] not in "?*+{":
            groups.setdefault(item[0].lower(), []).append(item[1:])
        else:
            others.append(item)
    parts = [
        first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    ]
    return "(?:" + "|".join(parts + others) + ")"


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of the literal `words`, as a trie: each letter is tried once."""
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie_regex(trie)


def trie_regex(node: Trie) -> str:
    ends = "" in node
    branches = [re.escape(ch) + trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def bounded(body: str) -> re.Pattern[str]:
    """A pattern, for folded text, that matches whole words only (edges may be punctuation,
    as in "U.S.")."""
    return re.compile(rf"(?<![\w]){fold_pattern(body)}(?![\w])")


def group_end(pattern: str, start: int) -> int:
    """The index just after the group that opens at `start`."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 2)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def cased_groups(pattern: str) -> list[str]:
    """The `(?-i:...)` groups of a pattern, whole."""
    out, i = [], pattern.find(CASED_GROUP)
    while i >= 0:
        end = group_end(pattern, i)
        out.append(pattern[i:end])
        i = pattern.find(CASED_GROUP, end)
    return out


def fold_pattern(pattern: str) -> str:
    """Lower-case a pattern except its `(?-i:...)` groups (it will run on folded text)."""
    out, last = [], 0
    for group in cased_groups(pattern):
        i = pattern.index(group, last)
        out += [pattern[last:i].lower(), group]
        last = i + len(group)
    return "".join(out) + pattern[last:].lower()
