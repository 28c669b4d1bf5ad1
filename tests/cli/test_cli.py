"""End-to-end tests of the qrange command: the built binary on files these
tests write. Standard library only, except the Numpy class, which cross-checks
with numpy and fails (never skips) when numpy is missing.

Usage: test_cli.py QRANGE_BINARY [unittest arguments, e.g. a class name]
"""
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

QRANGE = None  # set from argv


def run(*args, env=None):
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([QRANGE, *map(str, args)], capture_output=True, text=True, env=full_env, timeout=120)


def f32(x):
    """x rounded to float32, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


# ---- writing test files with the standard library ---------------------------------------------

def npy_bytes(values, descr="<f4", shape=None, fortran=False, version=1):
    shape = (len(values),) if shape is None else shape
    fmt = {"f2": "e", "f4": "f", "f8": "d", "i4": "i"}[descr[1:]]
    data = struct.pack(descr[0].replace("|", "<") + fmt * len(values), *values)
    shape_text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape_text}, }}"
    length_format = "<H" if version == 1 else "<I"
    preamble = 10 if version == 1 else 12
    header += " " * ((64 - (preamble + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(length_format, len(header)) + header.encode() + data


def bf16_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0] >> 16


def safetensors_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, values)."""
    header, blobs, offset = {}, [], 0
    packers = {"F32": "f", "F64": "d", "F16": "e", "I64": "q", "I32": "i", "U8": "B"}
    for name, dtype, shape, values in tensors:
        if dtype == "BF16":
            blob = struct.pack(f"<{len(values)}H", *map(bf16_bits, values))
        else:
            blob = struct.pack(f"<{len(values)}{packers[dtype]}", *values)
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def read_npy(path):
    """(descr, shape, raw data) of a version 1 .npy file."""
    raw = open(path, "rb").read()
    assert raw[:6] == b"\x93NUMPY" and raw[6] == 1
    (length,) = struct.unpack("<H", raw[8:10])
    header = raw[10:10 + length].decode()
    descr = re.search(r"'descr': '([^']+)'", header).group(1)
    shape = tuple(int(d) for d in re.search(r"'shape': \(([^)]*)\)", header).group(1).replace(",", " ").split())
    assert (10 + length) % 64 == 0
    return descr, shape, raw[10 + length:]


def read_safetensors(path):
    raw = open(path, "rb").read()
    (length,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8:8 + length]), raw[8 + length:]


def quantize_ref(x, scale, zero_point, qmin, qmax):
    """ONNX QuantizeLinear with a float32 division; round() is half-to-even."""
    return max(qmin, min(qmax, round(f32(x / scale)) + zero_point))


SAMPLE = [i * 0.25 - 40.0 for i in range(400)] + [900.0]  # exact in float16 and bfloat16


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = self._dir.name

    def tearDown(self):
        self._dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def ok(self, *args, **kw):
        r = run(*args, **kw)
        self.assertEqual(r.returncode, 0, f"qrange {' '.join(map(str, args))}\nstderr: {r.stderr}")
        self.assertEqual(r.stderr, "", "a successful run prints nothing on stderr (no progress off a terminal)")
        return r.stdout

    def fails(self, *args, naming=None, code=1):
        """Runs qrange expecting one clear error line naming `naming`, and no output."""
        r = run(*args)
        self.assertEqual(r.returncode, code, f"stderr: {r.stderr}")
        self.assertEqual(r.stdout, "")
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, f"one line on stderr, got: {r.stderr!r}")
        self.assertTrue(lines[0].startswith("qrange: "), lines[0])
        if naming:
            self.assertIn(naming, lines[0])
        self.assertEqual([f for f in os.listdir(self.dir) if ".qrange-" in f], [], "temporary files left behind")
        return lines[0]


# ---- the subcommands --------------------------------------------------------------------------

def demo_methods(out):
    """{label: (scale, mse)} from demo's output."""
    methods = {}
    for block in out.split("\n\n"):
        m = re.search(r"^(min-max|percentile [\d.]+)\n.*scale\s+(\S+).*MSE\s+(\S+)", block, re.S | re.M)
        if m:
            methods[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return methods


class Demo(TempDirTest):
    def test_notebook_figures(self):
        out = self.ok("demo")
        methods = demo_methods(out)
        self.assertEqual(set(methods), {"min-max", "percentile 99.99"})
        for label, (scale, mse) in methods.items():
            self.assertAlmostEqual(mse / (scale * scale / 12), 1.0, delta=0.1, msg=label)
        self.assertAlmostEqual(methods["min-max"][1], 1.4, delta=0.1)
        self.assertAlmostEqual(methods["percentile 99.99"][1], 0.05, delta=0.005)
        self.assertEqual(len(re.findall(r"^\s+(values|quantized|dequantized)\s+(\S+\s+){3}\.\.\.", out, re.M)), 6)
        self.assertRegex(out, r"conclusion: .*percentile 99.99")
        self.assertRegex(out, r"ISA \w+, up to \d+ threads, [\d.]+ ms")

    def test_options(self):
        out = self.ok("demo", "--n", 2000, "--seed", 7, "--bits", 6, "--percentile", 99.9, "--threads", 2)
        self.assertIn("2000 values", out)
        self.assertIn("integers in [0, 63]", out)
        for label, (scale, mse) in demo_methods(out).items():
            self.assertAlmostEqual(mse / (scale * scale / 12), 1.0, delta=0.1, msg=label)
        single = self.ok("demo", "--n", 2000, "--seed", 7, "--bits", 6, "--percentile", 99.9, "--threads", 1)
        without_timing = lambda text: re.sub(r"\nISA .*", "", text)
        self.assertEqual(without_timing(out), without_timing(single), "results do not depend on the thread count")

    def test_plot_and_svg(self):
        out = self.ok("demo", "--plot", "--svg", self.path("demo.svg"))
        self.assertIn("█", out)
        self.assertRegex(out, r"\nmin-max\s+├─+┤ \[")
        self.assertRegex(out, r"\npercentile 99.99\s+├─+┤ \[")
        root = ET.parse(self.path("demo.svg")).getroot()
        self.assertTrue(root.tag.endswith("svg"))
        self.assertGreater(len(root.findall("{http://www.w3.org/2000/svg}rect")), 10)
        self.fails("demo", "--svg", self.path("demo.svg"), naming="demo.svg")
        self.ok("demo", "--svg", self.path("demo.svg"), "--force")


class Inspect(TempDirTest):
    def inspect_json(self, *files, options=()):
        return json.loads(self.ok("inspect", "--json", *options, *files))

    def test_npy_dtypes_and_byte_orders_agree(self):
        files = [self.write("le32.npy", npy_bytes(SAMPLE, "<f4")),
                 self.write("be32.npy", npy_bytes(SAMPLE, ">f4")),
                 self.write("le16.npy", npy_bytes(SAMPLE, "<f2")),
                 self.write("be64.npy", npy_bytes(SAMPLE, ">f8", shape=(1, 401))),
                 self.write("v2.npy", npy_bytes(SAMPLE, "<f4", version=2))]
        report = self.inspect_json(*files)
        tensors = [f["tensors"][0] for f in report["files"]]
        self.assertEqual([t["dtype"] for t in tensors], ["float32", "float32", "float16", "float64", "float32"])
        self.assertEqual(tensors[3]["shape"], [1, 401])
        for t in tensors:
            self.assertEqual((t["count"], t["nonfinite"], t["min"], t["max"]), (401, 0, -40.0, 900.0))
            self.assertEqual(t["minmax"], tensors[0]["minmax"])
            self.assertEqual(t["percentile"], tensors[0]["percentile"])

    def test_float16_specials(self):
        values = [2.0 ** -24, -(2.0 ** -20), 65504.0, -0.0, math.inf, math.nan]  # subnormals, the largest, Inf, NaN
        t = self.inspect_json(self.write("h.npy", npy_bytes(values, "<f2")))["files"][0]["tensors"][0]
        self.assertEqual((f32(t["min"]), t["max"], t["nonfinite"]), (-(2.0 ** -20), 65504.0, 2))  # shortest float32 text

    def test_parameters_and_errors(self):
        values = SAMPLE + [math.nan, math.inf, -math.inf]
        x = self.write("x.npy", npy_bytes(values))
        t = self.inspect_json(x, options=("--percentile", 99))["files"][0]["tensors"][0]
        self.assertEqual((t["count"], t["nonfinite"]), (404, 3))
        mm = t["minmax"]
        self.assertEqual(mm["range"], [-40.0, 900.0])
        self.assertEqual((mm["qmin"], mm["qmax"]), (0, 255))
        self.assertAlmostEqual(mm["scale"], f32(940.0 / 255), places=6)
        self.assertEqual(mm["zero_point"], round(40.0 / mm["scale"]))
        pc = t["percentile"]
        self.assertLess(pc["range"][1], 100.0, "the percentile range leaves the outlier out")
        self.assertLess(pc["scale"], mm["scale"])
        finite = SAMPLE
        mse = sum((x - (quantize_ref(x, mm["scale"], mm["zero_point"], 0, 255) - mm["zero_point"]) * mm["scale"]) ** 2
                  for x in finite) / len(finite)
        self.assertAlmostEqual(mm["mse"], mse, delta=1e-6 * mse)

    def test_options(self):
        x = self.write("x.npy", npy_bytes(SAMPLE))
        report = self.inspect_json(x, options=("--bits", 4, "--scheme", "symmetric", "--percentile", 99, "--exact"))
        self.assertEqual(report["settings"]["qmin"], -8)
        self.assertEqual(report["settings"]["percentile"], 99)
        t = report["files"][0]["tensors"][0]
        self.assertEqual((t["minmax"]["zero_point"], t["minmax"]["qmax"]), (0, 7))
        self.assertEqual(self.ok("inspect", "--json", "--threads", 1, x), self.ok("inspect", "--json", "--threads", 3, x))

    def test_safetensors(self):
        path = self.write("m.safetensors", safetensors_bytes([
            ("a.weight", "F32", [20, 20], SAMPLE[:400]),
            ("b.bf16", "BF16", [401], SAMPLE),
            ("c.f16", "F16", [401], SAMPLE),
            ("d.f64", "F64", [401], SAMPLE),
            ("steps", "I64", [2], [1, 2]),
            ('odd "name" \u00fc\\', "F32", [2], [1.0, 2.0]),  # JSON escapes both ways
        ], metadata={"format": "pt"}))
        report = self.inspect_json(path)
        tensors = report["files"][0]["tensors"]
        self.assertEqual([t["name"] for t in tensors], ["a.weight", "b.bf16", "c.f16", "d.f64", 'odd "name" \u00fc\\'])
        self.assertEqual(report["files"][0]["skipped"], ["steps"])
        self.assertEqual(tensors[0]["shape"], [20, 20])
        self.assertEqual(tensors[0]["max"], SAMPLE[399])
        for t in tensors[1:4]:
            self.assertEqual((t["min"], t["max"], t["count"]), (-40.0, 900.0, 401))
            self.assertEqual(t["minmax"], tensors[1]["minmax"])

    def test_table_and_plots(self):
        a = self.write("a.npy", npy_bytes(SAMPLE))
        st = self.write("m.safetensors", safetensors_bytes([("w", "F32", [401], SAMPLE)]))
        out = self.ok("inspect", a, st, "--plot", "--svg", self.path("p.svg"))
        self.assertRegex(out, r"\ntensor\s+dtype\s+shape\s+count\s+non-finite\s+min\s+max\s+P0.01\s+P99.99")
        self.assertRegex(out, r"\na.npy\s+float32\s+\(401,\)\s+401\s+0\s+-40\s+900\s")
        self.assertRegex(out, r"\nw\s+float32\s+\(401,\)\s+401\s")
        self.assertEqual(out.count("log-scaled counts"), 2)
        root = ET.parse(self.path("p.svg")).getroot()
        self.assertEqual(len([t for t in root.iter("{http://www.w3.org/2000/svg}text") if "log-scaled" in t.text]), 2)


class Quantize(TempDirTest):
    def test_npy(self):
        src = self.write("x.npy", npy_bytes(SAMPLE, "<f2", shape=(1, 401)))
        out = self.path("q.npy")
        summary = self.ok("quantize", src, out, "--method", "minmax")
        self.assertRegex(summary, r"^x.npy: min-max range \[-40, 900\], scale [\d.]+, zero point \d+, MSE [\d.]+\n"
                                  r"wrote .*q.npy and .*q.json\n$")
        descr, shape, data = read_npy(out)
        self.assertEqual((descr, shape), ("|u1", (1, 401)))
        side = json.load(open(self.path("q.json")))
        p = side["parameters"]
        self.assertEqual((side["source"], side["shape"], p["method"], p["dtype"]), (src, [1, 401], "minmax", "uint8"))
        self.assertEqual(list(data), [quantize_ref(x, p["scale"], p["zero_point"], 0, 255) for x in SAMPLE])

    def test_wider_and_signed_grids(self):
        src = self.write("x.npy", npy_bytes(SAMPLE))
        for bits, scheme, descr, fmt in [(12, "asymmetric", "<u2", "H"), (8, "symmetric", "|i1", "b"),
                                         (16, "symmetric", "<i2", "h")]:
            out = self.path(f"q{bits}{scheme}.npy")
            self.ok("quantize", src, out, "--method", "percentile", "--bits", bits, "--scheme", scheme)
            got_descr, _, data = read_npy(out)
            self.assertEqual(got_descr, descr)
            p = json.load(open(out[:-4] + ".json"))["parameters"]
            q = struct.unpack(f"<{len(SAMPLE)}{fmt}", data)
            self.assertEqual(list(q), [quantize_ref(x, p["scale"], p["zero_point"], p["qmin"], p["qmax"])
                                       for x in SAMPLE])
            self.assertEqual(q[-1], p["qmax"], "the outlier is clipped")

    def test_percentile_exact_method_is_percentile_with_exact(self):
        src = self.write("x.npy", npy_bytes(SAMPLE))
        self.ok("quantize", src, self.path("a.npy"), "--method", "percentile_exact")
        self.ok("quantize", src, self.path("b.npy"), "--method", "percentile", "--exact")
        a, b = (json.load(open(self.path(n + ".json"))) for n in "ab")
        self.assertEqual(a["parameters"].pop("method"), "percentile_exact")
        self.assertEqual(b["parameters"].pop("method"), "percentile")
        self.assertEqual((a["parameters"], a["settings"]), (b["parameters"], b["settings"]))
        self.assertTrue(a["settings"]["exact_percentile"])

    def test_safetensors(self):
        src = self.write("m.safetensors", safetensors_bytes([
            ("w", "F32", [401], SAMPLE), ("h", "BF16", [401], SAMPLE), ("steps", "I64", [2], [7, 8])],
            metadata={"format": "pt"}))
        out = self.path("q.safetensors")
        self.ok("quantize", src, out, "--method", "percentile", "--percentile", 99)
        header, data = read_safetensors(out)
        meta = header.pop("__metadata__")
        self.assertEqual(meta["format"], "pt")
        self.assertEqual(json.loads(meta["qrange"])["settings"]["percentile"], 99)
        self.assertEqual({k: v["dtype"] for k, v in header.items()}, {"w": "U8", "h": "U8", "steps": "I64"})
        b, e = header["steps"]["data_offsets"]
        self.assertEqual(struct.unpack("<2q", data[b:e]), (7, 8))
        for name in ("w", "h"):
            p = json.loads(meta["qrange." + name])
            b, e = header[name]["data_offsets"]
            self.assertEqual(list(data[b:e]), [quantize_ref(x, p["scale"], p["zero_point"], 0, 255) for x in SAMPLE])
        self.assertEqual({**json.loads(meta["qrange.w"]), "source_dtype": "bfloat16"}, json.loads(meta["qrange.h"]))

    def test_outputs_are_not_overwritten_without_force(self):
        src = self.write("x.npy", npy_bytes(SAMPLE))
        out = self.write("q.npy", b"precious")
        self.fails("quantize", src, out, "--method", "minmax", naming="q.npy")
        self.assertEqual(open(out, "rb").read(), b"precious")
        self.write("r.json", b"precious")
        self.fails("quantize", src, self.path("r.npy"), "--method", "minmax", naming="r.json")
        self.assertFalse(os.path.exists(self.path("r.npy")))
        self.ok("quantize", src, out, "--method", "minmax", "--force")
        self.assertEqual(read_npy(out)[0], "|u1")

    def test_format_mismatch(self):
        src = self.write("x.npy", npy_bytes(SAMPLE))
        self.fails("quantize", src, self.path("q.safetensors"), "--method", "minmax", naming="q.safetensors")
        self.fails("quantize", src, self.path("q.bin"), "--method", "minmax", naming="q.bin")
        self.assertEqual(sorted(os.listdir(self.dir)), ["x.npy"])


class BadInput(TempDirTest):
    def check(self, name, data, problem, command=("inspect",)):
        path = self.write(name, data)
        line = self.fails(*command, path, naming=path)
        self.assertIn(problem, line)
        if command == ("inspect",):
            self.fails("quantize", path, self.path("out" + os.path.splitext(name)[1]), "--method", "minmax",
                       naming=path)
            self.assertFalse(os.path.exists(self.path("out" + os.path.splitext(name)[1])))

    def test_missing_and_unreadable(self):
        self.fails("inspect", self.path("nope.npy"), naming="nope.npy: No such file or directory")
        os.mkdir(self.path("dir.npy"))
        self.fails("inspect", self.path("dir.npy"), naming="dir.npy: is a directory")
        if os.geteuid() != 0:  # root reads everything
            path = self.write("locked.npy", npy_bytes(SAMPLE))
            os.chmod(path, 0)
            self.fails("inspect", path, naming="locked.npy: Permission denied")
        self.check("empty.npy", b"", "empty file")

    def test_npy(self):
        good = npy_bytes(SAMPLE)
        self.check("truncated.npy", good[:-10], "truncated data")
        self.check("longer.npy", good + b"\0\0\0\0", "the header does not match the data")
        lying = bytearray(good)
        lying[8:10] = struct.pack("<H", 60000)
        self.check("lying.npy", bytes(lying), "the header claims 60000 bytes")
        self.check("short.npy", good[:9], "truncated .npy header")
        self.check("fortran.npy", npy_bytes(SAMPLE[:400], shape=(20, 20), fortran=True), "Fortran-order")
        self.check("int.npy", npy_bytes([1, 2, 3], "<i4"), "unsupported dtype '<i4'")
        self.check("empty_tensor.npy", npy_bytes([], shape=(3, 0)), "empty tensor")
        self.check("garbage.npy", b"hello world, not numpy", "not a .npy file")
        self.check("bad_header.npy", good.replace(b"'shape'", b"'shaqe'"), "malformed .npy header")
        self.check("nan.npy", npy_bytes([math.nan, math.inf]), "no finite value")

    def test_safetensors(self):
        good = safetensors_bytes([("w", "F32", [401], SAMPLE)])
        self.check("truncated.safetensors", good[:-4], "outside the")
        self.check("lying.safetensors", struct.pack("<Q", 10 ** 6) + good[8:], "the header claims 1000000 bytes")
        self.check("short.safetensors", good[:5], "truncated safetensors file")
        self.check("json.safetensors", struct.pack("<Q", 5) + b"{oops", "malformed safetensors header")
        entry = b'{"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}'
        twice = b'{"w": ' + entry + b', "w": ' + entry + b'}'
        self.check("twice.safetensors", struct.pack("<Q", len(twice)) + twice + bytes(4),
                   'malformed safetensors header: duplicate key "w"')
        deep = b"[" * 65 + b"]" * 65
        self.check("deep.safetensors", struct.pack("<Q", len(deep)) + deep,
                   "malformed safetensors header: nested deeper than 64 levels")
        self.check("ints.safetensors", safetensors_bytes([("i", "I32", [2], [1, 2])]), "no F32, F16, BF16 or F64")
        self.check("empty.safetensors", safetensors_bytes([("w", "F32", [0], [])]), "tensor 'w': empty tensor")
        mismatch = safetensors_bytes([("w", "F32", [400], SAMPLE)])
        self.check("mismatch.safetensors", mismatch, "tensor 'w': shape (400,) of F32 needs 1600 bytes")
        self.fails("inspect", self.write("weights.bin", b"1234567890"), naming="weights.bin: unknown file type")

    def test_command_line(self):
        self.assertIn("unknown command 'frobnicate'", self.fails("frobnicate", code=2))
        for args in [(), ("inspect",), ("inspect", "--bogus", "x.npy"), ("demo", "--bits", "1"),
                     ("demo", "--percentile", "20"), ("quantize", "a.npy", "b.npy"),
                     ("quantize", "a.npy", "b.npy", "--method", "median"), ("inspect", "--scheme", "odd", "x.npy")]:
            self.fails(*args, code=2)
        self.assertIn('unknown range method "MinMax"', self.fails("quantize", "a.npy", "b.npy", "--method", "MinMax",
                                                                   code=2))


class Command(TempDirTest):
    def test_version_help_isa(self):
        self.assertRegex(self.ok("--version"), r"^qrange \d+\.\d+\.\d+\n$")
        help_text = self.ok("--help")
        for sub in ("demo", "inspect", "quantize", "isa"):
            self.assertIn(sub, help_text)
        self.assertIn("--percentile", self.ok("inspect", "--help"))
        isa = self.ok("isa")
        self.assertRegex(isa, r"\nscalar\s+yes\s+yes")
        self.assertEqual(len(re.findall(r"\*$", isa, re.M)), 1, "exactly one active ISA")
        forced = run("isa", env={"QRANGE_ISA": "scalar"}).stdout
        self.assertRegex(forced, r"\nscalar\s+yes\s+yes\s+\*")
        self.assertIn("QRANGE_ISA: scalar", forced)


class Numpy(TempDirTest):
    """Cross-checks with numpy itself: written by numpy, compared with numpy."""

    def setUp(self):
        super().setUp()
        import numpy  # a missing numpy fails this test: never a silent skip
        self.np = numpy
        rng = numpy.random.default_rng(5)
        self.x = rng.normal(0.0, 3.0, size=(64, 50)).astype(numpy.float32)
        self.x[3, 7] = 250.0

    def test_inspect_against_numpy(self):
        np = self.np
        np.save(self.path("le.npy"), self.x)
        np.save(self.path("be.npy"), self.x.astype(">f4"))
        np.save(self.path("h.npy"), self.x.astype(np.float16))
        report = json.loads(self.ok("inspect", "--json", "--exact", "--percentile", 99.9,
                                    self.path("le.npy"), self.path("be.npy"), self.path("h.npy")))
        le, be, h = (f["tensors"][0] for f in report["files"])
        self.assertEqual(le, {**be, "name": le["name"]})
        as_f32 = lambda values: [np.float32(v) for v in values]  # JSON holds the shortest float32 text
        self.assertEqual(as_f32([le["min"], le["max"]]), [self.x.min(), self.x.max()])
        expected = np.percentile(self.x.astype(np.float64), [0.1, 99.9]).astype(np.float32)
        self.assertEqual(as_f32(le["percentile_range"]), list(expected))
        xh = self.x.astype(np.float16).astype(np.float32)
        self.assertEqual(as_f32([h["min"], h["max"]]), [xh.min(), xh.max()])

    def test_quantize_against_numpy(self):
        np = self.np
        np.save(self.path("x.npy"), self.x)
        self.ok("quantize", self.path("x.npy"), self.path("q.npy"), "--method", "percentile", "--exact")
        q = np.load(self.path("q.npy"))
        p = json.load(open(self.path("q.json")))["parameters"]
        scale, zp = np.float32(p["scale"]), p["zero_point"]
        expected = np.clip(np.round(self.x / scale).astype(np.int64) + zp, 0, 255).astype(np.uint8)
        self.assertEqual(q.dtype, np.uint8)
        self.assertEqual(q.shape, self.x.shape)
        self.assertTrue(np.array_equal(q, expected))
        deq = (q.astype(np.int32) - zp).astype(np.float32) * scale
        self.assertAlmostEqual(p["mse"], float(np.mean((self.x.astype(np.float64) - deq) ** 2)), delta=1e-6 * p["mse"])

    def test_fortran_order_is_refused(self):
        self.np.save(self.path("f.npy"), self.np.asfortranarray(self.x))
        self.fails("inspect", self.path("f.npy"), naming="Fortran-order")


if __name__ == "__main__":
    QRANGE = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)
