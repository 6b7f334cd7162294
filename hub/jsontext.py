"""JSON text of stored rows: orjson where it is exact, the standard library for the rest.

orjson writes the same compact UTF-8 text as ``json.dumps(..., ensure_ascii=False,
separators=(",", ":"))``, several times faster. It refuses to write integers beyond
64 bits and reads them back as floats, and a free-form field may hold one, so text
that might contain one takes the standard library's road both ways.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_stdlib_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_LONG_NUMBER = re.compile(r"[0-9]{19}")  # 2**63 has 19 digits: shorter integers are exact in orjson


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # an integer beyond 64 bits, or nesting deeper than orjson goes
        return _stdlib_dumps(value)


def loads(text: str) -> Any:
    if _LONG_NUMBER.search(text) is None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # NaN or Infinity, written by the standard library
    return json.loads(text)
