"""Split cleaned text into sentences with offsets. (STUB: to be completed.)"""

from __future__ import annotations

import re

from app.pipeline.types import Sentence

RE_SENTENCE = re.compile(r"[^\n.!?]+[.!?]*")


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for m in RE_SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(start=s, end=e, text=text[s:e]))
    return out
