#!/usr/bin/env python3
"""Draws images/icon.png (128x128): a page of text with one annotated mention,
between square brackets. Standard library only (zlib + struct); drawn at 4x and
averaged down for smooth edges. Run it again after changing the drawing."""
import struct
import zlib
from pathlib import Path

SIZE, SCALE = 128, 4
N = SIZE * SCALE
BG = (31, 78, 121)  # the gallery banner's blue
WHITE = (245, 247, 250)
LINE = (150, 180, 210)
MARK = (255, 196, 61)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x < x1 and y0 <= y < y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def shapes():
    s = SCALE
    out = [((0, 0, SIZE, SIZE, 22), BG)]
    # the brackets [ ]
    for x0, x1 in ((14, 20), (108, 114)):
        out.append(((x0, 24, x1, 104, 2), WHITE))
    out += [((14, 24, 30, 30, 2), WHITE), ((14, 98, 30, 104, 2), WHITE)]
    out += [((98, 24, 114, 30, 2), WHITE), ((98, 98, 114, 104, 2), WHITE)]
    # lines of text, one with a highlighted mention
    out += [((36, 36, 92, 44, 4), LINE), ((36, 52, 52, 60, 4), LINE), ((56, 52, 84, 60, 4), MARK)]
    out += [((88, 52, 92, 60, 2), LINE), ((36, 68, 92, 76, 4), LINE), ((36, 84, 72, 92, 4), LINE)]
    return [((x0 * s, y0 * s, x1 * s, y1 * s, r * s), c) for (x0, y0, x1, y1, r), c in out]


def render():
    big = [[None] * N for _ in range(N)]
    for (x0, y0, x1, y1, r), colour in shapes():
        for y in range(y0, y1):
            row = big[y]
            for x in range(x0, x1):
                if inside_rounded(x + 0.5, y + 0.5, x0, y0, x1, y1, r):
                    row[x] = colour
    rows = []
    for y in range(SIZE):
        row = bytearray([0])  # filter: none
        for x in range(SIZE):
            acc = [0, 0, 0, 0]
            for dy in range(SCALE):
                for dx in range(SCALE):
                    c = big[y * SCALE + dy][x * SCALE + dx]
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = acc[3]
            if n == 0:
                row += bytes(4)
            else:
                row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, 255 * n // (SCALE * SCALE)])
        rows.append(bytes(row))
    return b''.join(rows)


def png(width, height, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


if __name__ == '__main__':
    out = Path(__file__).with_name('icon.png')
    out.write_bytes(png(SIZE, SIZE, render()))
    print(out)
