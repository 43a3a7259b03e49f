"""Reading uploads within the size limit, without holding more than the limit in memory."""

from __future__ import annotations

from fastapi import HTTPException, UploadFile

CHUNK = 64 * 1024


def read_upload_limited(upload: UploadFile, *, limit: int) -> bytes:
    """The upload's bytes; 413 as soon as it passes `limit`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(
                status_code=413,
                detail=f"{upload.filename or 'the upload'} is larger than the limit of "
                f"{limit // (1024 * 1024)} MB",
            )
        chunks.append(chunk)
    return b"".join(chunks)
