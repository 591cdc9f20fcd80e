"""ZIP archives of documents: their members, each read as a file of its own, under the limits a DOCX
package has (parts, unpacked size, compression ratio). Nothing is written to disk; a member whose name
would leave the archive's folder (../, an absolute path), a link, an encrypted member or a bomb is refused
with a reason, the others are read."""
from __future__ import annotations

import io
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.docx import MAX_COMPRESSION_RATIO, MAX_PARTS, MAX_UNPACKED_BYTES

SEPARATOR = "!/"  # source_path of a member: path/to/archive.zip!/folder/member.docx


@dataclass
class Member:
    name: str
    data: bytes | None = None
    refusal: str | None = None    # why the member was not read


def members(data: bytes) -> list[Member]:
    """The archive's files (folders left out), each with its bytes or the reason it was refused; raises
    UnreadableDocument when the archive itself is damaged or would unpack past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = [e for e in archive.infolist() if not e.is_dir()]
            if len(entries) > MAX_PARTS:
                raise UnreadableDocument(f"the ZIP archive holds {len(entries):,} files (limit {MAX_PARTS:,}): "
                                         "refused as a possible ZIP bomb")
            unpacked = sum(e.file_size for e in entries)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableDocument(f"the ZIP archive would unpack to {unpacked / 2**20:,.0f} MB "
                                         f"(limit {MAX_UNPACKED_BYTES >> 20} MB): refused as a possible ZIP bomb")
            if not entries:
                raise UnreadableDocument("an empty ZIP archive")
            return [_member(archive, entry) for entry in entries]
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError,
            RuntimeError) as exc:
        raise UnreadableDocument(f"a damaged or truncated ZIP archive ({brief(exc)})") from None


def _member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Member:
    name = entry.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and parts[0].endswith(":")):
        return Member(name, refusal="a member whose path leads out of the archive's folder (an absolute path "
                                    "or ../): refused as unsafe")
    if stat.S_ISLNK(entry.external_attr >> 16):
        return Member(name, refusal="a symbolic link, not a file: refused as unsafe")
    if entry.flag_bits & 0x1:
        return Member(name, refusal="an encrypted member (the archive's password is not known)")
    if entry.file_size > (1 << 20) and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
        return Member(name, refusal=f"a member compressed {entry.file_size // max(entry.compress_size, 1):,} to 1: "
                                    "refused as a possible ZIP bomb")
    try:
        with archive.open(entry) as stream:
            content = stream.read(entry.file_size + 1)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, RuntimeError,
            zlib.error) as exc:
        return Member(name, refusal=f"a damaged member ({brief(exc)})")
    if len(content) > entry.file_size:
        return Member(name, refusal="a member larger than the archive's directory says: refused as unsafe")
    return Member(name, content)
