"""Inputs for the ingestion tests: short stories written for these tests, a wire story in two
outlets' versions, and PDF bytes built by hand (a text layer, or none)."""

from __future__ import annotations

WIRE_BODY = (
    "Three rockets struck near a military base hosting American soldiers north of the capital "
    "late on Tuesday, officials said, in the fourth such incident this month. Nobody was hurt "
    "and the damage was limited to a parked truck and an empty storage tent, according to a "
    "statement from the provincial security command. No group claimed the attack, but "
    "officials blamed an armed faction that had warned foreign forces to leave the country "
    "before the end of the year. The faction denied any role in a short message posted on its "
    "channel on Wednesday morning. Local police said they found the launch tubes in an orchard "
    "some eight kilometres from the base, together with a timer built from a kitchen clock. "
    "Diplomats in the capital said the incident would weigh on talks planned for next week "
    "about the future of the foreign presence."
)

WIRE_ORIGINAL = f"Rockets hit base hosting US troops\n\nBAGHDAD (Wire) - {WIRE_BODY}\n"

# The same wire story in another outlet: new headline, its own dateline, byline and footer.
WIRE_REPUBLISHED = (
    "Fourth rocket strike this month targets coalition base\n\n"
    f"By Staff Reporter\n\nBaghdad - {WIRE_BODY}\n\n"
    "Copyright Daily Example. Reproduction without permission is prohibited.\n"
)

OTHER_STORY = (
    "Parliament debates budget for reconstruction\n\n"
    "Members of parliament argued for six hours on Sunday over a reconstruction budget for "
    "three northern provinces, with several blocs demanding that more money go to housing "
    "and schools destroyed during years of fighting. The finance committee chairwoman said a "
    "vote could come before the end of the month if the government agreed to publish a list "
    "of the projects it intends to fund. Economists warned that falling oil revenue would "
    "make any promise hard to keep.\n"
)

DATED_STORY = (
    "Militia threatens to expel foreign troops\n\n"
    "Published 5 January 2020\n\n"
    "A powerful armed faction warned on Saturday that it would treat foreign troops as an "
    "occupying force unless they left the country, in a statement read on television.\n"
)


def pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica); no text when empty."""
    if lines:
        shown = " T* ".join(f"({pdf_escape(line)}) Tj" for line in lines)
        content = f"BT /F1 11 Tf 14 TL 50 760 Td {shown} ET".encode("latin-1")
    else:
        content = b"0.5 g 50 600 200 100 re f"  # a grey box: a page with no text
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
    )


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 is the catalog), with its cross-reference."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def wrap(text: str, width: int = 70) -> list[str]:
    """A paragraph as a PDF's visual lines."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines
