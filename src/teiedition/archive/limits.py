"""The limits that bound reading a bag someone else made: each has a name, a default and an
environment variable that raises it, and every refusal says all three.

The defaults are far above any bag of one edition (five payload files of a few MB, six tag
files of a few hundred bytes) and low enough that a hostile bag is refused in seconds and a
few hundred MB of memory: time and memory of verification grow with the number of files, the
bytes hashed and the manifest lines, and each of these is bounded here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    env: str
    unit: str

    @property
    def value(self) -> int:
        """The limit in force: the environment variable when it holds a positive integer.

        Read at each use, not at import, so that a test or a long-lived process can raise it.
        A malformed value is not silently ignored: the default would then be a surprise.
        """
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) <= 0:
            raise InputError(self.env, f"must be a positive whole number of {self.unit}, not {raw!r}")
        return int(raw)

    def refuse(self, path: str, what: str) -> InputError:
        """The one-line refusal: what was found, the limit's name and value, how to raise it."""
        return InputError(path, f"{what}: over the {self.name} limit of {self.value:,} {self.unit} "
                                f"(raise it with {self.env}=N)")


#: Files and directories in a bag directory or members in a zipped bag.
BAG_FILES = Limit("bag-files", 100_000, "TEIEDITION_MAX_BAG_FILES", "files")
#: Bytes of a bag: the payload and tag files hashed, or a zip file unpacked (counted from the
#: zip's headers before anything is written, and again while unpacking, since headers can lie).
BAG_BYTES = Limit("bag-bytes", 1024 ** 3, "TEIEDITION_MAX_BAG_BYTES", "bytes")
#: Uncompressed size over compressed size of one zip member (deflate reaches about 1,000:1 on
#: repeated bytes; text and PDF compress less than 20:1). Applied to members above 1 MiB only,
#: where a bomb matters.
ZIP_RATIO = Limit("zip-ratio", 200, "TEIEDITION_MAX_ZIP_RATIO", "to 1")
#: Bytes of one tag file (bagit.txt, bag-info.txt, fetch.txt, a manifest or tag manifest).
TAG_FILE_BYTES = Limit("tag-file-bytes", 32 * 1024 ** 2, "TEIEDITION_MAX_TAG_FILE_BYTES", "bytes")
#: Lines of one tag file: a manifest has one line per payload file.
TAG_FILE_LINES = Limit("tag-file-lines", 100_000, "TEIEDITION_MAX_TAG_FILE_LINES", "lines")

#: Zip members smaller than this are not checked for their compression ratio: a small member
#: cannot exhaust anything, and tiny files (an empty one compresses to 2 bytes) have wild ratios.
RATIO_FLOOR = 1024 ** 2

ALL = (BAG_FILES, BAG_BYTES, ZIP_RATIO, TAG_FILE_BYTES, TAG_FILE_LINES)
