"""Reads the job's output back: length-delimited Order records → one JSON object per line.

    python3 decode.py orders.pb > orders.jsonl

It uses the official protobuf runtime and nothing of the job, so a test can check any
variant's output against the generator's clean records.
"""

import json
import sys

from record_pb2 import Order

FIELDS = [field.name for field in Order.DESCRIPTOR.fields]


def read_varint(data, pos):
    """Returns (value, position after it) for the base-128 varint at `pos`."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def records(data):
    pos = 0
    while pos < len(data):
        size, pos = read_varint(data, pos)
        if pos + size > len(data):
            raise ValueError(f"record at byte {pos} needs {size} bytes, {len(data) - pos} left")
        order = Order()
        order.ParseFromString(data[pos:pos + size])
        pos += size
        yield order


def main(path):
    with open(path, "rb") as src:
        data = src.read()
    for order in records(data):
        print(json.dumps({name: getattr(order, name) for name in FIELDS}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
