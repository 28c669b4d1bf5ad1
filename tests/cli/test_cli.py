"""End-to-end tests of the qrange command: the built binary on files these
tests write. Standard library only, except the Numpy class, which cross-checks
with numpy and fails (never skips) when numpy is missing.

Usage: test_cli.py QRANGE_BINARY [unittest arguments, e.g. a class name]

The Mpi class runs the MPI launcher in QRANGE_MPIEXEC (CMake's MPIEXEC_EXECUTABLE), else mpirun from PATH.
"""
import json
import math
import os
import random
import re
import shutil
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

def npy_bytes(values, descr="<f4", shape=None, fortran=False, version=1, misaligned=False):
    """misaligned: one more space in the header than numpy's 64-byte padding, so that the data starts at an odd
    offset (numpy never writes that, but the format allows it)."""
    shape = (len(values),) if shape is None else shape
    fmt = {"f2": "e", "f4": "f", "f8": "d", "i4": "i"}[descr[1:]]
    data = struct.pack(descr[0].replace("|", "<") + fmt * len(values), *values)
    shape_text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape_text}, }}"
    length_format = "<H" if version == 1 else "<I"
    preamble = 10 if version == 1 else 12
    header += " " * ((64 - (preamble + len(header) + 1) % 64) % 64 + misaligned) + "\n"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(length_format, len(header)) + header.encode() + data


def bf16_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0] >> 16


def bf16_value(x):
    """x cut to bfloat16 as bf16_bits cuts it, as a Python float."""
    return struct.unpack("<f", struct.pack("<I", bf16_bits(x) << 16))[0]


def f16_value(x):
    """x rounded to float16, as a Python float."""
    return struct.unpack("<e", struct.pack("<e", x))[0]


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


def dequantize_ref(q, p):
    """ONNX DequantizeLinear in float32, of a method's or a sidecar's parameters p (the scale as JSON's
    shortest text, which is exact once rounded to float32)."""
    return f32((q - p["zero_point"]) * f32(p["scale"]))


def mse_ref(values, p):
    """The quantization MSE of parameters p over the finite float32 values."""
    finite = [f32(x) for x in values if math.isfinite(x)]
    deq = (dequantize_ref(quantize_ref(x, f32(p["scale"]), p["zero_point"], p["qmin"], p["qmax"]), p) for x in finite)
    return sum((x - d) ** 2 for x, d in zip(finite, deq)) / len(finite)


def clip_range_ref(p):
    """What parameters p keep: the dequantized ends of their grid."""
    return [dequantize_ref(p["qmin"], p), dequantize_ref(p["qmax"], p)]


METHODS = ("minmax", "percentile", "mse")  # what inspect reports, in its order


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
    """{label: (scale, mse without the outlier, mse of all the values)} from demo's output."""
    methods = {}
    for block in out.split("\n\n"):
        m = re.search(r"^(min-max|percentile [\d.]+|mse)\n.*scale\s+(\S+).*MSE\s+(\S+).*all values\s+(\S+)", block,
                      re.S | re.M)
        if m:
            methods[m.group(1)] = tuple(map(float, m.group(2, 3, 4)))
    return methods


class Demo(TempDirTest):
    def test_notebook_figures(self):
        out = self.ok("demo")
        methods = demo_methods(out)
        self.assertEqual(set(methods), {"min-max", "percentile 99.99", "mse"})
        for label, (scale, mse, _) in methods.items():
            self.assertAlmostEqual(mse / (scale * scale / 12), 1.0, delta=0.1, msg=label)
        self.assertAlmostEqual(methods["min-max"][1], 1.4, delta=0.1)
        self.assertAlmostEqual(methods["percentile 99.99"][1], 0.05, delta=0.005)
        self.assertGreater(methods["percentile 99.99"][2], 50, "over all the values, clipping the outlier costs")
        self.assertLessEqual(methods["mse"][2], methods["min-max"][2], "the mse parameters are never worse")
        self.assertEqual(len(re.findall(r"^\s+(values|quantized|dequantized)\s+(\S+\s+){3}\.\.\.", out, re.M)), 9)
        # The mse row's range is the one its parameters keep.
        mse_row = out[out.index("\nmse\n"):]
        lo, hi = map(float, re.search(r"range\s+\[(\S+), (\S+)\]", mse_row).groups())
        scale = f32(float(re.search(r"scale\s+(\S+)", mse_row).group(1)))
        zp = int(re.search(r"zero point\s+(-?\d+)", mse_row).group(1))
        self.assertEqual((lo, hi), tuple(float("%g" % f32((q - zp) * scale)) for q in (0, 255)))
        self.assertRegex(out, r"conclusion: .*percentile 99.99")
        self.assertRegex(out, r"\nthe mse parameters, searched for the least error over all the values, "
                              r"(keep the outlier|clip the outlier to [\d.]+) \(MSE [\d.]+ over all; ")
        self.assertRegex(out, r"ISA \w+, up to \d+ threads, [\d.]+ ms")

    def test_options(self):
        out = self.ok("demo", "--n", 2000, "--seed", 7, "--bits", 6, "--percentile", 99.9, "--threads", 2)
        self.assertIn("2000 values", out)
        self.assertIn("integers in [0, 63]", out)
        methods = demo_methods(out)
        self.assertEqual(len(methods), 3)
        for label, (scale, mse, _) in methods.items():
            self.assertAlmostEqual(mse / (scale * scale / 12), 1.0, delta=0.1, msg=label)
        self.assertLessEqual(methods["mse"][2], methods["min-max"][2])
        single = self.ok("demo", "--n", 2000, "--seed", 7, "--bits", 6, "--percentile", 99.9, "--threads", 1)
        without_timing = lambda text: re.sub(r"\nISA .*", "", text)
        self.assertEqual(without_timing(out), without_timing(single), "results do not depend on the thread count")

    def test_plot_and_svg(self):
        out = self.ok("demo", "--plot", "--svg", self.path("demo.svg"))
        self.assertIn("█", out)
        self.assertRegex(out, r"\nmin-max\s+├─+┤ \[")
        self.assertRegex(out, r"\npercentile 99.99\s+├─+┤ \[")
        self.assertRegex(out, r"\nmse\s+├─+┤ \[")
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
        self.assertRegex(out, r"\ntensor\s+dtype\s+shape\s+count\s+non-finite\s+min\s+max\s+P0.01\s+P99.99\s+"
                              r"min-max scale\s+zp\s+MSE\s+pct scale\s+zp\s+MSE\s+mse scale\s+zp\s+MSE\s+best\n")
        self.assertRegex(out, r"\na.npy\s+float32\s+\(401,\)\s+401\s+0\s+-40\s+900\s")
        self.assertRegex(out, r"\nw\s+float32\s+\(401,\)\s+401\s")
        self.assertEqual(out.count("log-scaled counts"), 2)
        mse_range = self.inspect_json(a)["files"][0]["tensors"][0]["mse"]["range"]
        self.assertRegex(out, r"\nmse\s+├─+┤ \[%g, %g\]" % tuple(mse_range))
        root = ET.parse(self.path("p.svg")).getroot()
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        self.assertEqual(len([t for t in texts if "log-scaled" in t]), 2)
        self.assertEqual(len([t for t in texts if t.startswith("··· mse [")]), 2)

    def test_three_methods_with_exact_errors_and_the_best(self):
        rng = random.Random(3)
        datasets = {"sample": SAMPLE,
                    "normal": [rng.gauss(0.0, 1.0) for _ in range(2000)],
                    "zeros": [0.0] * 300 + [rng.gauss(1.0, 0.2) for _ in range(300)] + [25.0, math.nan]}
        files = [self.write(name + ".npy", npy_bytes(values)) for name, values in datasets.items()]
        for options in [(), ("--percentile", 99),
                        ("--bits", 4, "--scheme", "symmetric", "--percentile", 99.9, "--exact")]:
            report = self.inspect_json(*files, options=options)
            settings = report["settings"]
            for f, (name, values) in zip(report["files"], datasets.items()):
                t = f["tensors"][0]
                where = f"{name} {options}"
                errors = {m: t[m]["mse"] for m in METHODS}
                for m in METHODS:
                    self.assertEqual((t[m]["qmin"], t[m]["qmax"]), (settings["qmin"], settings["qmax"]), where)
                    exact = mse_ref(values, t[m])
                    self.assertAlmostEqual(errors[m], exact, delta=1e-12 * exact, msg=f"{where}: {m}")
                if settings["scheme"] == "symmetric":
                    self.assertEqual(t["mse"]["zero_point"], 0, where)
                self.assertEqual([f32(v) for v in t["mse"]["range"]], clip_range_ref(t["mse"]), where)
                self.assertLessEqual(errors["mse"], errors["minmax"], where)
                self.assertIn(t["best"], METHODS)
                self.assertEqual(errors[t["best"]], min(errors.values()), where)
                # Ties go to the simplest method, in the order of METHODS.
                self.assertEqual(t["best"], min(METHODS, key=lambda m: (errors[m], METHODS.index(m))), where)
        table = self.ok("inspect", *files)
        for f, name in zip(report["files"], datasets):
            best = self.inspect_json(self.path(name + ".npy"))["files"][0]["tensors"][0]["best"]
            self.assertRegex(table, rf"\n{name}.npy\s.*\s{best}\n")


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

    def test_mse_and_entropy_methods(self):
        src = self.write("x.npy", npy_bytes(SAMPLE))
        st = self.write("m.safetensors", safetensors_bytes([("w", "F32", [401], SAMPLE)]))
        for options, grid, fmt in [((), (0, 255), "B"), (("--bits", 4, "--scheme", "symmetric"), (-8, 7), "b")]:
            chosen = {}
            for method in ("mse", "entropy"):
                where = f"{method} {options}"
                out = self.path(f"{method}{len(options)}.npy")
                summary = self.ok("quantize", src, out, "--method", method, *options)
                self.assertRegex(summary, rf"^x.npy: {method} range \[\S+, \S+\], scale [\d.]+, zero point -?\d+, MSE ")
                p = chosen[method] = json.load(open(out[:-4] + ".json"))["parameters"]
                self.assertEqual((p["method"], p["qmin"], p["qmax"]), (method, *grid), where)
                q = struct.unpack(f"<{len(SAMPLE)}{fmt}", read_npy(out)[2])
                self.assertEqual(list(q), [quantize_ref(x, f32(p["scale"]), p["zero_point"], *grid) for x in SAMPLE],
                                 where)
                self.assertAlmostEqual(p["mse"], mse_ref(SAMPLE, p), delta=1e-12 * p["mse"], msg=where)
                # The recorded range is the one the parameters keep: every value dequantizes into it.
                lo, hi = clip_range_ref(p)
                self.assertEqual([f32(v) for v in p["range"]], [lo, hi], where)
                self.assertTrue(all(lo <= dequantize_ref(v, p) <= hi for v in q), where)
                self.ok("quantize", st, self.path(f"{method}.safetensors"), "--method", method, *options, "--force")
                header, _ = read_safetensors(self.path(f"{method}.safetensors"))
                self.assertEqual(json.loads(header["__metadata__"]["qrange.w"]), p, where)
            # inspect's mse method is the same calibration on the same grid.
            tensor = json.loads(self.ok("inspect", "--json", *options, src))["files"][0]["tensors"][0]
            self.assertEqual({k: chosen["mse"][k] for k in tensor["mse"]}, tensor["mse"])
            self.assertLessEqual(chosen["mse"]["mse"], tensor["minmax"]["mse"])
            self.assertLess(chosen["entropy"]["range"][1], 100.0, "the entropy threshold leaves the outlier out")

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


class HalfTypes(TempDirTest):
    """Every output for a float16 or bfloat16 tensor is the one for the same values stored as float32 (widening
    them is exact), whether the tensor lies aligned in the file, misaligned or byte-swapped. `inspect` names the
    dtype it read."""

    SHAPE = (21, 143)  # odd, and neither dimension a multiple of a SIMD width

    def values(self, kind):
        """Values of float16 (kind "F16") or bfloat16 ("BF16"), non-finite and extreme ones among them."""
        rng = random.Random(22)
        x = [rng.gauss(0.0, 3.0) for _ in range(self.SHAPE[0] * self.SHAPE[1])]
        specials = [250.0, -0.0, math.nan, math.inf, -math.inf] + (
            [2.0 ** -24, -3 * 2.0 ** -20, 65504.0] if kind == "F16"  # float16 subnormals and its largest value
            else [1e30, -1e-30, 3e-39])  # beyond float16's range, and a float32 subnormal
        for i, v in enumerate(specials):
            x[(i * 997 + 5) % len(x)] = v
        return [f16_value(v) if kind == "F16" else bf16_value(v) for v in x]

    def in_folder(self, folder, name, data):
        os.makedirs(self.path(folder), exist_ok=True)
        return self.write(os.path.join(folder, name), data)

    def safetensors(self, folder, dtype, values, pad):
        """w after a U8 tensor of `pad` bytes: an odd pad puts w at an odd offset (the data starts 8-byte aligned)."""
        return self.in_folder(folder, "m.safetensors", safetensors_bytes(
            [("pad", "U8", [pad], [7] * pad), ("w", dtype, self.SHAPE, values)]))

    def setUp(self):
        super().setUp()
        h, b = self.values("F16"), self.values("BF16")
        # (the float32 file, a 16-bit file of the same values, the dtype inspect reports), with the same file
        # names and other tensors, so that the outputs are the same bytes.
        ref_npy = self.in_folder("f32", "x.npy", npy_bytes(h, "<f4", shape=self.SHAPE))
        self.cases = [
            (ref_npy, self.in_folder("f16", "x.npy", npy_bytes(h, "<f2", shape=self.SHAPE)), "float16"),
            (ref_npy, self.in_folder("f16be", "x.npy", npy_bytes(h, ">f2", shape=self.SHAPE)), "float16"),
            (ref_npy, self.in_folder("f16odd", "x.npy", npy_bytes(h, "<f2", shape=self.SHAPE, misaligned=True)),
             "float16"),
        ]
        for dtype, values, name in (("F16", h, "float16"), ("BF16", b, "bfloat16")):
            for pad in (4, 3):
                self.cases.append((self.safetensors(f"{dtype}-{pad}-ref", "F32", values, pad),
                                   self.safetensors(f"{dtype}-{pad}", dtype, values, pad), name))

    def test_inspect(self):
        for options in [(), ("--exact", "--percentile", 99.9), ("--bits", 4, "--scheme", "symmetric"),
                        ("--per-channel",), ("--block-size", 32, "--bits", 4), ("--block-size", 7, "--axis", 0)]:
            for ref, path, dtype in self.cases:
                where = f"{path} {options}"
                ref_file, file = json.loads(self.ok("inspect", "--json", *options, ref, path))["files"]
                self.assertEqual(file["skipped"], ref_file["skipped"], where)
                (t,), (ref_t,) = file["tensors"], ref_file["tensors"]
                self.assertEqual((t["dtype"], ref_t["dtype"]), (dtype, "float32"), where)
                self.assertEqual(t, {**ref_t, "dtype": dtype}, where)
        # The table and the plots the same, but for the dtype column (whose width may differ) and the file name.
        for ref, path, dtype in self.cases:
            tables = [self.ok("inspect", "--plot", f) for f in (ref, path)]
            name = os.path.basename(path) if path.endswith(".npy") else "w"
            self.assertRegex(tables[1], rf"\n{re.escape(name)}\s+{dtype}\s+\(21, 143\)\s+3003\s")
            ref_table, table = (re.sub(r"\s+", " ", t.replace(f, "FILE")) for t, f in zip(tables, (ref, path)))
            self.assertEqual(table.replace(f" {dtype} ", " float32 "), ref_table, path)

    def quantized(self, src, options):
        """What quantize writes and prints for src, less what names the source, and the source_dtype it records."""
        out = os.path.join(os.path.dirname(src), "q" + os.path.splitext(src)[1])
        summary = self.ok("quantize", src, out, *options, "--force").splitlines()
        self.assertTrue(summary.pop().startswith("wrote "))
        if out.endswith(".npy"):
            side = json.load(open(out[:-4] + ".json"))
            self.assertEqual((side.pop("source"), side.pop("data")), (src, out))
            source_dtype = side["parameters"].pop("source_dtype")
            return (summary, open(out, "rb").read(), side), source_dtype
        header, data = read_safetensors(out)
        meta = header.pop("__metadata__")
        settings, record = json.loads(meta.pop("qrange")), json.loads(meta.pop("qrange.w"))
        self.assertEqual(settings.pop("source"), src)
        return (summary, header, data, settings, meta, record), record.pop("source_dtype")

    def test_quantize(self):
        per_tensor = [("--method", m) for m in ("minmax", "percentile_exact", "mse", "entropy")] + [
            ("--method", "mse", "--bits", 12, "--scheme", "symmetric")]
        per_axis = [("--method", "minmax", "--per-channel"), ("--method", "mse", "--block-size", 32, "--bits", 4),
                    ("--method", "percentile", "--block-size", 16, "--axis", 0, "--bits", 4, "--scheme", "symmetric"),
                    ("--method", "entropy", "--per-channel", "--bits", 16, "--scheme", "symmetric")]
        for ref, path, dtype in self.cases:
            for options in per_tensor + (per_axis if path.endswith(".safetensors") else []):
                where = f"{path} {options}"
                ref_output, ref_dtype = self.quantized(ref, options)
                output, source_dtype = self.quantized(path, options)
                self.assertEqual((source_dtype, ref_dtype), (dtype, "float32"), where)
                self.assertEqual(output, ref_output, where)

    def test_observe(self):
        for ref, path, _ in self.cases:
            outputs = []
            for src in (ref, path):
                state = os.path.join(os.path.dirname(src), "s.qrs")
                if os.path.exists(state):
                    os.remove(state)
                printed = self.ok("observe", state, src).replace(state, "STATE")
                outputs.append((printed, open(state, "rb").read()))
            self.assertEqual(outputs[1], outputs[0], path)


def state_names(path):
    """The names in a state file, in file order (README.md, "State files")."""
    with open(path, "rb") as f:
        raw = f.read()
    assert raw[:8] == b"QRSTATES" and struct.unpack("<I", raw[8:12])[0] == 1
    (count,), at, names = struct.unpack("<I", raw[12:16]), 16, []
    for _ in range(count):
        (n,) = struct.unpack("<I", raw[at:at + 4])
        names.append(raw[at + 4:at + 4 + n].decode())
        (size,) = struct.unpack("<Q", raw[at + 4 + n:at + 12 + n])
        at += 12 + n + size
    assert at == len(raw)
    return names


class Observe(TempDirTest):
    def batches(self):
        a = self.write("a.npy", npy_bytes(SAMPLE[:200]))
        b = self.write("b.npy", npy_bytes(SAMPLE[200:] + [math.nan, -math.inf]))
        c = self.write("c.npy", npy_bytes([-3.5, 2.0, math.inf], "<f2"))  # widened to float32
        return a, b, c

    def states(self, path, options=()):
        report = json.loads(self.ok("inspect", "--json", *options, path))
        self.assertEqual(report["files"][0]["format"], "states")
        return {t["name"]: t for t in report["files"][0]["tensors"]}

    def bytes_of(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def test_batches_in_any_order_and_merged_give_the_same_file(self):
        a, b, c = self.batches()
        out = self.ok("observe", self.path("abc.qrs"), a, b, c)
        self.assertRegex(out, r"^'': 406 values \(3 non-finite\), range \[-40, 900\]\ncreated .*abc.qrs "
                              r"\(1 state, 2048 bins\)\n$")
        for i, batch in enumerate((c, a, b)):
            self.assertRegex(self.ok("observe", self.path("cab.qrs"), batch),
                             ("created" if i == 0 else "updated") + " .*cab.qrs")
        self.assertEqual(self.bytes_of("abc.qrs"), self.bytes_of("cab.qrs"))
        self.ok("observe", self.path("a.qrs"), a)
        self.ok("observe", self.path("bc.qrs"), c, b)
        self.assertRegex(self.ok("observe", "--merge", self.path("m.qrs"), self.path("bc.qrs"), self.path("a.qrs")),
                         r"merged 2 files into .*m.qrs \(1 state, 2048 bins\)\n$")
        self.assertEqual(self.bytes_of("abc.qrs"), self.bytes_of("m.qrs"))
        t = self.states(self.path("m.qrs"))[""]
        self.assertEqual((t["count"], t["nonfinite"], t["nan"], t["pos_inf"], t["neg_inf"]), (406, 3, 1, 1, 1))
        self.assertEqual((t["min"], t["max"]), (-40.0, 900.0))
        self.assertNotIn("mse", t["minmax"])
        self.assertEqual(t["minmax"]["range"], [-40.0, 900.0])
        self.assertEqual(t["histogram"]["bins"], 2048)

    def test_safetensors_update_a_state_per_tensor(self):
        st1 = self.write("s1.safetensors", safetensors_bytes([
            ("w", "F32", [200], SAMPLE[:200]), ("h", "BF16", [2], [1.0, -2.0]), ("steps", "I64", [2], [1, 2])]))
        st2 = self.write("s2.safetensors", safetensors_bytes([("w", "F32", [201], SAMPLE[200:])]))
        act = self.write("act.npy", npy_bytes([0.5, 4.0]))
        state = self.path("model.qrs")
        self.ok("observe", state, st1, st2, act, "--name", "act")
        self.ok("observe", state, act)  # the unnamed state
        self.assertEqual(state_names(state), ["", "act", "h", "w"])
        states = self.states(state)
        self.assertEqual((states["w"]["count"], states["w"]["min"], states["w"]["max"]), (401, -40.0, 900.0))
        self.assertEqual((states["h"]["count"], states["h"]["min"], states["h"]["max"]), (2, -2.0, 1.0))
        self.assertEqual(states["act"]["count"], 2)
        self.assertEqual(states["act"], {**states[""], "name": "act"})
        table = self.ok("inspect", state)
        self.assertRegex(table, r"\nstate\s+count\s+NaN\s+\+Inf\s+-Inf\s+min\s+max\s+P0.01\s+P99.99\s+bin width")
        self.assertRegex(table, r'\n""\s+2\s+0\s+0\s+0\s+0.5\s+4\s')
        self.assertRegex(table, r"\nw\s+401\s+0\s+0\s+0\s+-40\s+900\s")
        self.assertRegex(table, r"\nh\s+2\s")

    def test_the_mse_parameters_of_a_state(self):
        st = self.write("m.safetensors", safetensors_bytes([("w", "F32", [401], SAMPLE), ("v", "F32", [1], [2.5])]))
        state = self.path("s.qrs")
        self.ok("observe", state, st)
        states = self.states(state, options=("--bits", 6))
        for name, t in states.items():
            self.assertEqual(set(t["mse"]), {"range", "scale", "zero_point", "qmin", "qmax"},
                             "no MSE and no best: a state keeps no values")
            self.assertNotIn("best", t)
            self.assertEqual((t["mse"]["qmin"], t["mse"]["qmax"]), (0, 63))
            self.assertEqual([f32(v) for v in t["mse"]["range"]], clip_range_ref(t["mse"]), name)
        without_range = lambda p: {k: v for k, v in p.items() if k != "range"}
        self.assertEqual(without_range(states["v"]["mse"]), without_range(states["v"]["minmax"]),
                         "one value: the min-max parameters")
        table = self.ok("inspect", state)
        self.assertRegex(table, r"\nstate\s.*\spct scale\s+zp\s+mse scale\s+zp\n")
        self.assertIn("mse by the search's error model alone; no MSE values", table)

    def test_bins(self):
        a, b, _ = self.batches()
        state = self.path("s.qrs")
        self.ok("observe", state, a, "--bins", 16)
        self.ok("observe", state, b)  # keeps the file's bins
        self.ok("observe", state, a, "--bins", 16)
        t = self.states(state)[""]
        self.assertEqual((t["histogram"]["bins"], t["count"]), (16, 603))
        self.assertLessEqual(t["histogram"]["used_bins"], 16)
        before = self.bytes_of("s.qrs")
        line = self.fails("observe", state, a, "--bins", 2048, naming="s.qrs")
        self.assertIn("its states have 16 bins, not 2048", line)
        self.assertEqual(self.bytes_of("s.qrs"), before)
        self.ok("observe", self.path("big.qrs"), a)
        line = self.fails("observe", "--merge", self.path("m.qrs"), state, self.path("big.qrs"), naming="big.qrs")
        self.assertIn("states merge only at equal bins", line)
        self.assertFalse(os.path.exists(self.path("m.qrs")))

    def test_a_failed_update_leaves_the_state_file_as_it_was(self):
        a, b, _ = self.batches()
        state = self.path("s.qrs")
        self.ok("observe", state, a)
        before = self.bytes_of("s.qrs")
        self.fails("observe", state, b, self.path("missing.npy"), naming="missing.npy: No such file or directory")
        bad = self.write("bad.npy", npy_bytes(SAMPLE)[:-8])
        self.fails("observe", state, b, bad, naming="bad.npy: truncated data")
        ints = self.write("i.safetensors", safetensors_bytes([("i", "I32", [2], [1, 2])]))
        self.fails("observe", state, b, ints, naming="i.safetensors: no F32, F16, BF16 or F64")
        self.assertEqual(self.bytes_of("s.qrs"), before)
        self.fails("observe", self.path("new.qrs"), a, self.path("missing.npy"), naming="missing.npy")
        self.assertFalse(os.path.exists(self.path("new.qrs")))

    def test_plot_svg_and_json(self):
        st = self.write("m.safetensors", safetensors_bytes([("w", "F32", [401], SAMPLE), ("v", "F32", [1], [2.5])]))
        state = self.path("s.qrs")
        self.ok("observe", state, st)
        out = self.ok("inspect", state, "--plot", "--svg", self.path("p.svg"))
        self.assertEqual(out.count("log-scaled counts"), 2)
        self.assertIn("█", out)
        self.assertRegex(out, r"\nmin-max\s+├─+┤ \[-40, 900\]")
        self.assertRegex(out, r"\nmin-max\s+│ \[2.5, 2.5\]")  # one value, one bin
        self.assertEqual(len(re.findall(r"\nmse\s+[├│]─*┤? \[", out)), 2)
        root = ET.parse(self.path("p.svg")).getroot()
        titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if "log-scaled" in t.text]
        self.assertEqual(len(titles), 2)
        self.assertTrue(titles[1].startswith(state + ": w "), titles)
        r = run("inspect", "--json", "--plot", state)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(len(json.loads(r.stdout)["files"][0]["tensors"]), 2)
        self.assertEqual(r.stderr.count("log-scaled counts"), 2)
        mixed = json.loads(self.ok("inspect", "--json", st, state))
        self.assertEqual([f["format"] for f in mixed["files"]], ["safetensors", "states"])
        w_tensor, w_state = mixed["files"][0]["tensors"][0], mixed["files"][1]["tensors"][1]
        self.assertEqual((w_state["name"], w_state["minmax"]), ("w", {k: v for k, v in w_tensor["minmax"].items()
                                                                       if k != "mse"}))

    def test_errors(self):
        a, _, _ = self.batches()
        state = self.path("s.qrs")
        self.ok("observe", state, a)
        good = self.bytes_of("s.qrs")
        name_end = 16 + 4 + 0  # the unnamed state's length field follows its empty name
        corrupt = bytearray(good)
        corrupt[name_end + 8 + 20] ^= 1  # a byte of the finite count, inside the state's checksummed header
        for name, data, problem in [
                ("corrupt.qrs", bytes(corrupt), "state '': qrange_observer_deserialize: not a valid observer state: "
                                                "the header checksum does not match"),
                ("truncated.qrs", good[:-3], "truncated state file"),
                ("longer.qrs", good + b"\0", "1 bytes after the last state"),
                ("magic.qrs", b"QRSTATEZ" + good[8:], "not a qrange state file"),
                ("version.qrs", good[:8] + struct.pack("<I", 9) + good[12:], "state file version 9"),
                ("twice.qrs", good[:12] + struct.pack("<I", 2) + good[16:] + good[16:], "state '' appears twice"),
                ("a.npy.qrs", npy_bytes(SAMPLE), "not a qrange state file")]:
            path = self.write(name, data)
            self.assertIn(problem, self.fails("inspect", path, naming=path))
            self.assertIn(problem, self.fails("observe", path, a, naming=path))
            self.assertIn(problem, self.fails("observe", "--merge", self.path("m.qrs"), state, path, naming=path))
            self.assertEqual(self.bytes_of(name), data)
        self.assertFalse(os.path.exists(self.path("m.qrs")))
        self.fails("observe", "--merge", self.path("m.qrs"), state, self.path("gone.qrs"),
                   naming="gone.qrs: No such file or directory")
        self.fails("observe", self.path("s.npy"), a, naming="s.npy: a state file's name ends in .qrs")
        self.assertFalse(os.path.exists(self.path("s.npy")))
        self.fails("inspect", "--exact", state, naming="s.qrs: a state keeps no values")
        self.ok("observe", self.path("nan.qrs"), self.write("nan.npy", npy_bytes([math.nan])))
        self.fails("inspect", self.path("nan.qrs"), naming="no finite value")
        # Outputs of --merge are only replaced with --force.
        out = self.write("out.qrs", b"precious")
        self.fails("observe", "--merge", out, state, naming="out.qrs: already exists (use --force")
        self.assertEqual(self.bytes_of("out.qrs"), b"precious")
        self.ok("observe", "--merge", out, state, "--force")
        self.assertEqual(self.bytes_of("out.qrs"), good)

    def test_command_line(self):
        for args in [("observe",), ("observe", "s.qrs"), ("observe", "--merge", "m.qrs"),
                     ("observe", "s.qrs", "a.npy", "--force"),
                     ("observe", "--merge", "m.qrs", "s.qrs", "--bins", 64),
                     ("observe", "--merge", "m.qrs", "s.qrs", "--name", "x"),
                     ("observe", "s.qrs", "a.npy", "--bins", 8), ("observe", "s.qrs", "a.npy", "--bins", 2 ** 21)]:
            self.fails(*args, code=2)
        help_text = self.ok("observe", "--help")
        for words in ("--merge", "--bins", "--name", "--threads", "one observer state per name", "README.md"):
            self.assertIn(words, help_text)


def mpiexec():
    """The MPI launcher: QRANGE_MPIEXEC, else mpirun on PATH. A missing one fails the test, never skips it."""
    path = os.environ.get("QRANGE_MPIEXEC") or shutil.which("mpirun")
    if not path:
        raise unittest.TestCase.failureException("no MPI launcher: set QRANGE_MPIEXEC or put mpirun on PATH")
    return path


class Mpi(TempDirTest):
    """observe --mpi under mpirun (Open MPI's --oversubscribe: more ranks than cores): the state file one process
    writes, whatever the number of ranks, and every rank ends when one fails."""

    def mpirun(self, ranks, *args, wdir=None):
        """`qrange observe --mpi ARGS` on `ranks` ranks, a list of per-rank launch prefixes (e.g. ["env", "X=1"]) or a
        count; wdir: each rank's working directory. The timeout is the test of no hang."""
        contexts = [[]] * ranks if isinstance(ranks, int) else ranks
        command = [mpiexec(), "--oversubscribe"]
        for i, prefix in enumerate(contexts):
            command += [":"] * (i > 0) + ["-np", "1"] + (["-wdir", wdir[i]] if wdir else [])
            command += [*prefix, QRANGE, "observe", "--mpi", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    def mpi_ok(self, ranks, *args):
        r = self.mpirun(ranks, *args)
        self.assertEqual(r.returncode, 0, f"stderr: {r.stderr}")
        self.assertNotIn("qrange:", r.stderr)
        return r.stdout

    def qrange_lines(self, stderr):
        return sorted(line for line in stderr.splitlines() if line.startswith("qrange: "))

    def bytes_of(self, path):
        with open(path, "rb") as f:
            return f.read()

    def inputs(self):
        """.npy and .safetensors files of float32, float16 and bfloat16 tensors, some names in several files."""
        return [
            self.write("a.npy", npy_bytes(SAMPLE[:150])),
            self.write("b.npy", npy_bytes(SAMPLE[150:300] + [math.nan], "<f2")),
            self.write("m1.safetensors", safetensors_bytes([
                ("w", "F32", [200], SAMPLE[:200]), ("h", "F16", [3], [1.0, -2.0, math.inf]),
                ("steps", "I64", [2], [1, 2])])),
            self.write("m2.safetensors", safetensors_bytes([
                ("w", "F32", [201], SAMPLE[200:]), ("e", "BF16", [2], [0.5, -8.0])])),
            self.write("c.npy", npy_bytes(SAMPLE[300:] + [-math.inf], "<f2")),
        ]

    def test_the_file_of_one_process_at_any_number_of_ranks(self):
        files = self.inputs()
        for name, inputs, counts in [("all", files, (1, 2, 3, 4)), ("two", files[2:4], (3, 4))]:
            one = self.path(f"{name}.qrs")
            report = self.ok("observe", one, *inputs)
            for n in counts:  # more inputs than ranks, and fewer
                state = self.path(f"{name}{n}.qrs")
                out = self.mpi_ok(n, state, *inputs)
                self.assertEqual(out, report.replace(one, state), "rank 0 alone prints the report")
                self.assertEqual(self.bytes_of(state), self.bytes_of(one), f"{name}, {n} ranks")
        self.assertEqual(state_names(self.path("all.qrs")), ["", "e", "h", "w"])
        self.assertEqual([f for f in os.listdir(self.dir) if ".qrange-" in f], [])

    def test_an_existing_state_file_is_counted_once(self):
        a, b, m1, m2, c = self.inputs()
        one, mpi = self.path("one.qrs"), self.path("mpi.qrs")
        for state in (one, mpi):
            self.ok("observe", state, a, m2, "--name", "act", "--bins", 64)
        report = self.ok("observe", one, b, m1, c, a)
        self.assertEqual(self.mpi_ok(3, mpi, b, m1, c, a), report.replace(one, mpi))
        self.assertEqual(self.bytes_of(mpi), self.bytes_of(one))
        self.assertEqual(state_names(mpi), ["", "act", "e", "h", "w"], "'act' is in the file only")
        # --bins of a new file; a different one for an existing file fails on every rank.
        self.ok("observe", self.path("b16.qrs"), a, b, "--bins", 16)
        self.mpi_ok(2, self.path("m16.qrs"), a, b, "--bins", 16)
        self.assertEqual(self.bytes_of(self.path("m16.qrs")), self.bytes_of(self.path("b16.qrs")))
        before = self.bytes_of(mpi)
        r = self.mpirun(2, mpi, a, "--bins", 16)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(self.qrange_lines(r.stderr), [f"qrange: {mpi}: its states have 64 bins, not 16 (--bins only "
                                                       f"sets the bins of a new state file)"] * 2)
        self.assertEqual(self.bytes_of(mpi), before)

    def test_a_failure_on_one_rank_ends_every_rank(self):
        # Past the headers, which every rank reads, the data of an input cannot fail to convert; what can fail on
        # one rank only is an allocation, or the library on that rank's node: here rank 2, which counts m1, runs
        # with an unusable QRANGE_ISA.
        files = self.inputs()
        state = self.path("s.qrs")
        self.ok("observe", state, files[0])
        before = self.bytes_of(state)
        r = self.mpirun([[], [], ["env", "QRANGE_ISA=bogus"]], state, *files)
        self.assertNotEqual(r.returncode, 0)
        lines, others = self.qrange_lines(r.stderr), f"qrange: {state}: not changed: rank 2 of 3 failed"
        self.assertEqual(lines.count(others), 2, r.stderr)
        own = [line for line in lines if line != others]
        self.assertEqual(len(own), 1, r.stderr)
        self.assertTrue(own[0].startswith(f"qrange: {files[2]}: tensor "), own[0])
        self.assertIn('QRANGE_ISA="bogus"', own[0])
        # An input that only rank 1 cannot open (a path on one node's disk): the same, in the header step.
        for d in ("r0", "r1"):
            os.mkdir(self.path(d))
        shutil.copy(files[0], self.path("r0"))
        shutil.copy(files[1], self.path("r0"))
        shutil.copy(files[0], self.path("r1"))
        r = self.mpirun(2, "s.qrs", "a.npy", "b.npy", wdir=[self.path("r0"), self.path("r1")])
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(self.qrange_lines(r.stderr), ["qrange: b.npy: No such file or directory",
                                                       "qrange: s.qrs: not changed: rank 1 of 2 failed"])
        self.assertEqual(self.bytes_of(state), before)
        self.assertEqual(sorted(os.listdir(self.path("r0"))), ["a.npy", "b.npy"])
        self.assertEqual([f for f in os.listdir(self.dir) if ".qrange-" in f], [])

    def test_command_line(self):
        a = self.inputs()[0]
        self.ok("observe", self.path("s.qrs"), a)
        line = self.fails("observe", "--mpi", "--merge", self.path("m.qrs"), self.path("s.qrs"), code=2)
        self.assertIn("--mpi: not with --merge: merging state files needs no MPI", line)
        r = self.mpirun(2, "--merge", self.path("m.qrs"), self.path("s.qrs"))
        self.assertNotEqual(r.returncode, 0)
        self.assertFalse(os.path.exists(self.path("m.qrs")))
        help_text = self.ok("observe", "--help")
        for words in ("--mpi", "mpirun -np N qrange observe --mpi", "i % N"):
            self.assertIn(words, help_text)


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
        for bad in ("MinMax", "median", "percentile_approx", ""):
            line = self.fails("quantize", "a.npy", "b.npy", "--method", bad, code=2)
            self.assertIn(f'--method: unknown method "{bad}"; expected minmax, percentile, percentile_exact, mse or '
                          'entropy', line)
        help_text = self.ok("quantize", "--help")
        for method in ("minmax", "percentile_exact", "mse", "entropy"):
            self.assertIn(method, help_text)


class Command(TempDirTest):
    def test_version_help_isa(self):
        self.assertRegex(self.ok("--version"), r"^qrange \d+\.\d+\.\d+\n$")
        help_text = self.ok("--help")
        for sub in ("demo", "inspect", "quantize", "observe", "isa"):
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
        errors = {m: self.numpy_mse(self.x, le[m]) for m in METHODS}
        for m in METHODS:
            self.assertAlmostEqual(le[m]["mse"], errors[m], delta=1e-12 * errors[m], msg=m)
        self.assertEqual(errors[le["best"]], min(errors.values()))

    def numpy_mse(self, x, p):
        np = self.np
        scale, zp = np.float32(p["scale"]), p["zero_point"]
        q = np.clip(np.round(x / scale).astype(np.int64) + zp, p["qmin"], p["qmax"])
        deq = (q - zp).astype(np.float32) * scale
        return float(np.mean((x.astype(np.float64) - deq) ** 2))

    def test_quantize_against_numpy(self):
        np = self.np
        np.save(self.path("x.npy"), self.x)
        for method in (("percentile", "--exact"), ("mse",), ("entropy",)):
            self.ok("quantize", self.path("x.npy"), self.path("q.npy"), "--method", *method, "--force")
            q = np.load(self.path("q.npy"))
            p = json.load(open(self.path("q.json")))["parameters"]
            scale, zp = np.float32(p["scale"]), p["zero_point"]
            expected = np.clip(np.round(self.x / scale).astype(np.int64) + zp, 0, 255).astype(np.uint8)
            self.assertEqual(q.dtype, np.uint8)
            self.assertEqual(q.shape, self.x.shape)
            self.assertTrue(np.array_equal(q, expected), method)
            deq = (q.astype(np.int32) - zp).astype(np.float32) * scale
            self.assertAlmostEqual(p["mse"], float(np.mean((self.x.astype(np.float64) - deq) ** 2)),
                                   delta=1e-6 * p["mse"], msg=method)

    def test_observe_against_numpy(self):
        np = self.np
        rng = np.random.default_rng(11)
        batches = [rng.normal(5.0, 2.0, size=n).astype(np.float32) for n in (3000, 1, 5000)]
        batches[1][0] = 40.0  # an outlier, but bins of 2^-6 still
        batches[2][:3] = [np.nan, np.inf, -np.inf]
        for i, x in enumerate(batches):
            np.save(self.path(f"b{i}.npy"), x)
        state = self.path("s.qrs")
        self.ok("observe", state, *(self.path(f"b{i}.npy") for i in range(3)), "--threads", 2)
        report = json.loads(self.ok("inspect", "--json", "--percentile", 99.9, state))
        t = report["files"][0]["tensors"][0]
        x = np.concatenate(batches)
        finite = x[np.isfinite(x)]
        self.assertEqual((t["count"], t["nan"], t["pos_inf"], t["neg_inf"]), (x.size, 1, 1, 1))
        self.assertEqual([np.float32(t["min"]), np.float32(t["max"])], [finite.min(), finite.max()])
        width = t["histogram"]["bin_width"]
        self.assertLess(width, 0.05)
        self.assertEqual(t["histogram"]["first_edge"], math.floor(finite.min() / width) * width)
        for got, p in zip(t["percentile_range"], (0.1, 99.9)):
            expected = np.float32(np.percentile(finite.astype(np.float64), p))
            bound = width / 2 + float(np.spacing(np.abs(expected))) / 2
            self.assertLessEqual(abs(float(np.float32(got)) - float(expected)), bound, f"P{p}")

    def test_fortran_order_is_refused(self):
        self.np.save(self.path("f.npy"), self.np.asfortranarray(self.x))
        self.fails("inspect", self.path("f.npy"), naming="Fortran-order")


class PerAxis(TempDirTest):
    """--per-channel, --axis and --block-size, checked with numpy: ONNX QuantizeLinear (opset 21) with the scale
    and zero-point tensors written, and the per-group errors against per-tensor runs on the groups cut out."""

    def setUp(self):
        super().setUp()
        import numpy  # a missing numpy fails this test: never a silent skip
        self.np = numpy
        rng = numpy.random.default_rng(9)
        # Rows of very different spreads, so that one scale per row or block pays.
        self.w = (rng.normal(0.0, 1.0, size=(6, 13)) * numpy.array([0.01, 0.1, 1, 5, 20, 100])[:, None]).astype(
            numpy.float32)
        self.w[2, 5] = 40.0

    def write_st(self, name, tensors):
        """tensors: list of (name, float32 or int64 array)."""
        np = self.np
        return self.write(name, safetensors_bytes(
            [(n, "F32" if a.dtype == np.float32 else "I64", a.shape, a.ravel().tolist()) for n, a in tensors]))

    def tensor(self, header, data, name):
        np = self.np
        types = {"U8": np.uint8, "I8": np.int8, "U16": np.uint16, "I16": np.int16, "F32": np.float32, "I64": np.int64}
        entry = header[name]
        b, e = entry["data_offsets"]
        return np.frombuffer(data[b:e], dtype=types[entry["dtype"]]).reshape(entry["shape"])

    def expand(self, params, shape, axis, block):
        """ONNX's scale or zero-point tensor broadcast to every element of `shape`."""
        np = self.np
        if block == 0:
            index = [None] * len(shape)
            index[axis] = slice(None)
            return np.broadcast_to(params[tuple(index)], shape)
        return np.take(np.repeat(params, block, axis=axis), np.arange(shape[axis]), axis=axis)

    def quantize_linear(self, x, scale, zero_point, qmin, qmax):
        """ONNX QuantizeLinear: float32 division, round half to even, saturate."""
        np = self.np
        return np.clip(np.rint(x / scale).astype(np.int64) + zero_point, qmin, qmax)

    def unpack4(self, packed, n, signed):
        np = self.np
        nibbles = np.stack([packed & 0x0F, packed >> 4], axis=1).ravel().astype(np.int64)
        self.assertTrue(n % 2 == 0 or nibbles[-1] == 0, "an odd count leaves 0 in the last high nibble")
        nibbles = nibbles[:n]
        return np.where(nibbles >= 8, nibbles - 16, nibbles) if signed else nibbles

    def group_errors(self, groups, options):
        """inspect's per-tensor results for each group, cut out as a tensor of its own."""
        path = self.write_st("groups.safetensors", [(f"g{i}", g.astype(self.np.float32)) for i, g in enumerate(groups)])
        report = json.loads(self.ok("inspect", "--json", *options, path))
        return {t["name"]: t for t in report["files"][0]["tensors"]}

    def check_axis_errors(self, t, groups, options):
        np = self.np
        per_group = self.group_errors(groups, options)
        sizes = np.array([g.size for g in groups], dtype=np.float64)
        for m in METHODS:
            mean = float(np.dot([per_group[f"g{i}"][m]["mse"] for i in range(len(groups))], sizes) / sizes.sum())
            self.assertAlmostEqual(t[m]["axis_mse"], mean, delta=1e-12 * mean, msg=f"{options} {m}")
        errors = {m: t[m]["axis_mse"] for m in METHODS}
        self.assertEqual(t["per_axis"]["best"], min(METHODS, key=lambda m: (errors[m], METHODS.index(m))))

    def test_inspect_per_channel_and_blocked(self):
        path = self.write_st("m.safetensors", [("w", self.w)])
        for layout, quant, axis, block, groups in [
                (("--per-channel",), (), 0, 0, list(self.w)),
                (("--axis", -1), ("--bits", 4, "--scheme", "symmetric"), 1, 0, list(self.w.T)),
                (("--block-size", 4), ("--percentile", 99), 1, 4,
                 [self.w[r, c:c + 4] for r in range(6) for c in range(0, 13, 4)]),
                (("--block-size", 4, "--axis", 0), (), 0, 4, [self.w[r:r + 4, c] for r in (0, 4) for c in range(13)])]:
            options = layout + quant
            report = json.loads(self.ok("inspect", "--json", *options, path))
            t = report["files"][0]["tensors"][0]
            self.assertEqual(t["per_axis"], {**t["per_axis"], "axis": axis, "block_size": block, "groups": len(groups)})
            self.assertEqual(report["settings"]["per_axis"]["block_size"], block)
            self.assertEqual({m: {k: v for k, v in t[m].items() if k != "axis_mse"} for m in METHODS},
                             {m: json.loads(self.ok("inspect", "--json", *quant, path))["files"][0]["tensors"][0][m]
                              for m in METHODS}, "the per-tensor results are unchanged")
            self.assertLess(t["minmax"]["axis_mse"], t["minmax"]["mse"], options)
            self.check_axis_errors(t, groups, quant)
        # A .npy tensor the same.
        self.np.save(self.path("w.npy"), self.w)
        from_npy = json.loads(self.ok("inspect", "--json", *options, self.path("w.npy")))["files"][0]["tensors"][0]
        self.assertEqual(from_npy, {**t, "name": "w.npy"})

    def test_inspect_table(self):
        path = self.write_st("m.safetensors", [("w", self.w)])
        for options, prefix, groups, label in [(("--per-channel",), "ch", 6, "per channel along axis 0"),
                                               (("--block-size", 5), "blk", 18, "blocks of 5 along axis -1")]:
            out = self.ok("inspect", *options, path)
            self.assertIn(f"\n{prefix} MSE: each method's parameters chosen {label} ", out)
            self.assertRegex(out, rf"\ntensor\s+dtype\s+shape\s+count\s+non-finite\s+min\s+max\s+P0.01\s+P99.99\s+"
                                  rf"groups\s+min-max scale\s+zp\s+MSE\s+{prefix} MSE\s+pct scale\s+zp\s+MSE\s+"
                                  rf"{prefix} MSE\s+mse scale\s+zp\s+MSE\s+{prefix} MSE\s+best\s+{prefix} best\n")
            report = json.loads(self.ok("inspect", "--json", *options, path))["files"][0]["tensors"][0]
            cells = re.search(r"\nw\s+float32\s+\(6, 13\)\s+78\s+0\s+(.*)\n", out).group(1).split()
            self.assertEqual(cells[4], str(groups))
            self.assertEqual(cells[-2:], [report["best"], report["per_axis"]["best"]])
            self.assertEqual(float(cells[8]), float("%.4g" % report["minmax"]["axis_mse"]))

    def read_output(self, out):
        header, data = read_safetensors(out)
        meta = header.pop("__metadata__")
        return header, data, meta

    def test_quantize_per_channel_u8(self):
        np = self.np
        x3 = self.w[:, :12].reshape(2, 3, 12)
        src = self.write_st("m.safetensors", [("w", self.w), ("x3", x3), ("steps", np.array([7, 8], np.int64))])
        out = self.path("q.safetensors")
        summary = self.ok("quantize", src, out, "--method", "minmax", "--per-channel")
        self.assertRegex(summary, r"^w: min-max, per channel along axis 0: 6 groups, uint8, scales \[\S+, \S+\], "
                                  r"MSE \S+\n")
        header, data, meta = self.read_output(out)
        self.assertEqual(list(header), ["w", "w.scale", "w.zero_point", "x3", "x3.scale", "x3.zero_point", "steps"])
        self.assertEqual(json.loads(meta["qrange"])["settings"]["per_axis"], {"axis": 0, "block_size": 0})
        self.assertEqual(self.tensor(header, data, "steps").tolist(), [7, 8])
        for name, x in (("w", self.w), ("x3", x3)):
            p = json.loads(meta["qrange." + name])
            self.assertEqual({k: p[k] for k in ("dtype", "source_dtype", "shape", "method", "axis", "block_size",
                                                 "groups", "scale", "zero_point", "qmin", "qmax", "nonfinite")},
                             {"dtype": "uint8", "source_dtype": "float32", "shape": list(x.shape), "method": "minmax",
                              "axis": 0, "block_size": 0, "groups": x.shape[0], "scale": name + ".scale",
                              "zero_point": name + ".zero_point", "qmin": 0, "qmax": 255, "nonfinite": 0})
            self.assertNotIn("packing", p)
            q = self.tensor(header, data, name)
            scale, zp = self.tensor(header, data, name + ".scale"), self.tensor(header, data, name + ".zero_point")
            self.assertEqual((q.dtype, q.shape, scale.shape, zp.dtype), (np.uint8, x.shape, (x.shape[0],), np.uint8))
            s, z = self.expand(scale, x.shape, 0, 0), self.expand(zp.astype(np.int64), x.shape, 0, 0)
            self.assertTrue(np.array_equal(q, self.quantize_linear(x, s, z, 0, 255)), name)
            deq = (q.astype(np.int64) - z).astype(np.float32) * s
            self.assertAlmostEqual(p["mse"], float(np.mean((x.astype(np.float64) - deq) ** 2)), delta=1e-6 * p["mse"])
            # Per channel min-max: each row's own range.
            for c in range(x.shape[0]):
                lo, hi = min(0.0, float(x[c].min())), max(0.0, float(x[c].max()))
                self.assertEqual(deq[c].reshape(-1)[np.argmax(x[c])], deq[c].max())
                self.assertLessEqual(abs(scale[c] * 255 - (hi - lo)), 1e-5 * (hi - lo))
        # --axis -2 of a 3-D tensor: ONNX's 1-D scale over the middle dimension.
        self.ok("quantize", src, out, "--method", "mse", "--axis", -2, "--bits", 12, "--force")
        header, data, meta = self.read_output(out)
        scale, zp = self.tensor(header, data, "x3.scale"), self.tensor(header, data, "x3.zero_point")
        self.assertEqual((scale.shape, zp.dtype, self.tensor(header, data, "x3").dtype), ((3,), np.uint16, np.uint16))
        self.assertEqual(json.loads(meta["qrange.x3"])["axis"], 1)
        s, z = self.expand(scale, x3.shape, 1, 0), self.expand(zp.astype(np.int64), x3.shape, 1, 0)
        self.assertTrue(np.array_equal(self.tensor(header, data, "x3"), self.quantize_linear(x3, s, z, 0, 4095)))

    def test_quantize_blocked_int4_odd_count(self):
        np = self.np
        src = self.write_st("m.safetensors", [("w", self.w)])
        out = self.path("q.safetensors")
        for options, signed, axis, block, grid in [
                (("--block-size", 4, "--bits", 4, "--scheme", "symmetric", "--method", "mse"), True, 1, 4, (-8, 7)),
                (("--block-size", 4, "--axis", 0, "--bits", 4, "--method", "percentile"), False, 0, 4, (0, 15)),
                (("--block-size", 13, "--bits", 3, "--scheme", "symmetric", "--method", "entropy"), True, 1, 13,
                 (-4, 3))]:
            where = str(options)
            self.ok("quantize", src, out, *options, "--force")
            header, data, meta = self.read_output(out)
            p = json.loads(meta["qrange.w"])
            self.assertEqual((p["dtype"], p["shape"], p["axis"], p["block_size"], (p["qmin"], p["qmax"])),
                             ("int4" if signed else "uint4", [6, 13], axis, block, grid), where)
            self.assertIn("element 2k in the low nibble of byte k", p["packing"])
            self.assertEqual((header["w"]["dtype"], header["w"]["shape"]), ("U8", [39]), where)
            blocks = -(-self.w.shape[axis] // block)
            params_shape = [blocks if d == axis else n for d, n in enumerate(self.w.shape)]
            scale, zp = self.tensor(header, data, "w.scale"), self.tensor(header, data, "w.zero_point")
            self.assertEqual((list(scale.shape), list(zp.shape), zp.dtype), (params_shape, params_shape,
                             np.int8 if signed else np.uint8), where)
            self.assertEqual(p["groups"], scale.size)
            if signed:
                self.assertFalse(zp.any(), "symmetric: zero points 0")
            q = self.unpack4(self.tensor(header, data, "w"), self.w.size, signed).reshape(self.w.shape)
            s = self.expand(scale, self.w.shape, axis, block)
            z = self.expand(zp.astype(np.int64), self.w.shape, axis, block)
            self.assertTrue(np.array_equal(q, self.quantize_linear(self.w, s, z, *grid)), where)
            deq = (q - z).astype(np.float32) * s
            self.assertAlmostEqual(p["mse"], float(np.mean((self.w.astype(np.float64) - deq) ** 2)),
                                   delta=1e-6 * p["mse"], msg=where)

    def test_errors(self):
        np = self.np
        src = self.write_st("m.safetensors", [("w", self.w), ("b", self.w[0])])
        out = self.path("q.safetensors")
        for command in (("inspect", src), ("quantize", src, out, "--method", "minmax")):
            line = self.fails(*command, "--axis", 2, naming="m.safetensors: tensor 'w' of shape (6, 13), per channel "
                                                            "along axis 2: ")
            self.assertIn("axis = 2 is outside [-2, 2)", line)
            line = self.fails(*command, "--axis", 1, "--block-size", 7, naming="tensor 'b' of shape (13,), blocks "
                                                                               "of 7 along axis 1: ")
            self.assertIn("axis = 1 is outside [-1, 1)", line)
            line = self.fails(*command, "--block-size", 14, naming="tensor 'w' of shape (6, 13), blocks of 14 along "
                                                                   "axis -1: ")
            self.assertIn("block_size = 14 exceeds the axis' dimension 13", line)
            for bad in (("--per-channel", "--block-size", 4), ("--block-size", 0), ("--block-size", -2),
                        ("--axis", "x")):
                self.fails(*command, *bad, code=2)
        self.assertFalse(os.path.exists(out))
        scalar = self.write("s.safetensors", safetensors_bytes([("s", "F32", [], [1.0])]))
        self.assertIn("rank = 0 is outside", self.fails("inspect", scalar, "--per-channel", naming="tensor 's' of "
                                                                                                   "shape ()"))
        np.save(self.path("x.npy"), self.w)
        self.fails("quantize", self.path("x.npy"), out, "--method", "minmax", "--per-channel",
                   naming="x.npy: per-channel and blocked outputs are .safetensors files; a .npy input is quantized "
                          "per tensor only")
        self.fails("quantize", src, self.path("q.npy"), "--method", "minmax", "--block-size", 4,
                   naming="q.npy: per-channel and blocked outputs are .safetensors files")
        clash = self.write_st("clash.safetensors", [("w", self.w), ("w.zero_point", self.w)])
        self.fails("quantize", clash, out, "--method", "minmax", "--per-channel",
                   naming="two tensors named 'w.zero_point' (the input's and the zero point of 'w')")
        help_text = self.ok("quantize", "--help")
        for words in ("--per-channel", "--axis", "--block-size", "<name>.scale", "uint4/int4"):
            self.assertIn(words, help_text)
        self.ok("observe", self.path("s.qrs"), self.path("x.npy"))
        self.fails("inspect", self.path("s.qrs"), "--per-channel", naming="s.qrs: a state keeps no values or shape")
        self.assertEqual(sorted(os.listdir(self.dir)), ["clash.safetensors", "m.safetensors", "s.qrs",
                                                        "s.safetensors", "x.npy"])


if __name__ == "__main__":
    QRANGE = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)
