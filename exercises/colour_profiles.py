"""Small ICC v2 display profiles (matrix + tone curve) built from published primaries.

Photos usually embed their ICC profile, but some only *say* which colour space they use: a
camera set to Adobe RGB writes EXIF ColorSpace "uncalibrated" with interoperability index
"R03", and HEIC/AVIF files may carry only an nclx box (primaries and white point as CIE xy).
Pillow's ImageCms can only create sRGB, LAB and XYZ profiles, so those are built here.
Checked against published conversions in tests/test_images.py.
"""

import functools
import struct

D50 = (0.3457, 0.3585)
D65 = (0.3127, 0.3290)

# Primaries (CIE xy of red, green, blue), white point, and tone curve: a gamma, or "srgb".
ADOBE_RGB = ("Adobe RGB (1998)", ((0.64, 0.33), (0.21, 0.71), (0.15, 0.06)), D65, 563 / 256)
DISPLAY_P3 = ("Display P3", ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060)), D65, "srgb")
PROPHOTO_RGB = ("ProPhoto RGB", ((0.7347, 0.2653), (0.1596, 0.8404), (0.0366, 0.0001)), D50, 1.8)

_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))


def _xyz(xy):
    x, y = xy
    return (x / y, 1.0, (1 - x - y) / y)


def _mul(a, b):
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))


def _apply(m, v):
    return tuple(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def _inverse(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return (
        ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det),
        ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det),
        ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det),
    )


def _colorants(primaries, white):
    """RGB -> XYZ columns, chromatically adapted to the ICC's D50 with Bradford."""
    columns = [_xyz(p) for p in primaries]
    m = tuple(tuple(columns[j][i] for j in range(3)) for i in range(3))
    scale = _apply(_inverse(m), _xyz(white))
    m = tuple(tuple(m[i][j] * scale[j] for j in range(3)) for i in range(3))
    src, dst = _apply(_BRADFORD, _xyz(white)), _apply(_BRADFORD, _xyz(D50))
    ratio = ((dst[0] / src[0], 0, 0), (0, dst[1] / src[1], 0), (0, 0, dst[2] / src[2]))
    adapt = _mul(_inverse(_BRADFORD), _mul(ratio, _BRADFORD))
    m = _mul(adapt, m)
    return [tuple(m[i][j] for i in range(3)) for j in range(3)]


def _s15(v):
    return struct.pack(">i", round(v * 65536))


def _xyz_tag(v):
    return b"XYZ " + b"\0" * 4 + b"".join(_s15(c) for c in v)


def _curve_tag(curve):
    if curve == "srgb":
        table = []
        for n in range(1024):
            v = n / 1023
            linear = v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
            table.append(round(linear * 65535))
        return b"curv" + b"\0" * 4 + struct.pack(">I", len(table)) + struct.pack(f">{len(table)}H", *table)
    return b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(curve * 256)) + b"\0\0"


def _desc_tag(text):
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0" * 3 + b"\0" * 67


@functools.lru_cache(maxsize=16)
def icc_profile(spec) -> bytes:
    """The bytes of an ICC v2 RGB display profile for a (name, ((xr, yr), (xg, yg), (xb, yb)),
    (xw, yw), curve) spec, where curve is a gamma (float) or "srgb"."""
    name, primaries, white, curve = spec
    red, green, blue = _colorants(primaries, white)
    trc = _curve_tag(curve)
    tags = [
        (b"desc", _desc_tag(name)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, use freely\0"),
        (b"wtpt", _xyz_tag((0.9642, 1.0, 0.8249))),
        (b"rXYZ", _xyz_tag(red)),
        (b"gXYZ", _xyz_tag(green)),
        (b"bXYZ", _xyz_tag(blue)),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = [], b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table.append(struct.pack(">4sII", sig, offset + len(data), len(body)))
        data += body
    body = struct.pack(">I", len(tags)) + b"".join(table) + data
    size = 128 + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + body
