"""AWS event-stream framing (application/vnd.amazon.eventstream), as botocore reads it.

A message is: total length (u32), headers length (u32), prelude CRC32 (of those 8 bytes),
headers, payload, message CRC32 (of everything before it). Headers here are strings (type 7).
"""

from __future__ import annotations

import json
import struct
from binascii import crc32
from typing import Any

_STRING = 7


def encode_headers(headers: dict[str, str]) -> bytes:
    out = b""
    for name, value in headers.items():
        raw_name = name.encode()
        raw_value = value.encode()
        out += struct.pack("!B", len(raw_name)) + raw_name
        out += struct.pack("!BH", _STRING, len(raw_value)) + raw_value
    return out


def encode_message(headers: dict[str, str], payload: bytes) -> bytes:
    """One complete event-stream message with correct prelude and message CRCs."""
    raw_headers = encode_headers(headers)
    total = 12 + len(raw_headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(raw_headers))
    prelude += struct.pack("!I", crc32(prelude) & 0xFFFFFFFF)
    body = prelude + raw_headers + payload
    return body + struct.pack("!I", crc32(body) & 0xFFFFFFFF)


def event(event_type: str, body: dict[str, Any]) -> bytes:
    """An `event` message whose JSON payload holds the event shape's members."""
    headers = {
        ":event-type": event_type,
        ":content-type": "application/json",
        ":message-type": "event",
    }
    return encode_message(headers, json.dumps(body).encode())


def exception(exception_type: str, message: str) -> bytes:
    """An in-stream modelled exception, e.g. throttlingException."""
    headers = {
        ":exception-type": exception_type,
        ":content-type": "application/json",
        ":message-type": "exception",
    }
    return encode_message(headers, json.dumps({"message": message}).encode())


def corrupt_crc(message: bytes) -> bytes:
    """The same message with its final (message) CRC flipped: botocore raises ChecksumMismatch."""
    last = struct.unpack("!I", message[-4:])[0] ^ 0xDEADBEEF
    return message[:-4] + struct.pack("!I", last)
