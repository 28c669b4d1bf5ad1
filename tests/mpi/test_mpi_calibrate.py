"""examples/mpi_calibrate under mpirun (ctest example_mpi_calibrate): on files written here, three ranks give every
float tensor, with the parameters of one rank, and the range of its values as stored.

Usage: test_mpi_calibrate.py MPI_CALIBRATE. The launcher is found as for tests/cli/test_cli.py's Mpi class.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from test_cli import bf16_value, mpiexec, safetensors_bytes  # noqa: E402

BINARY = None  # set from argv


class MpiCalibrate(unittest.TestCase):
    def test_three_ranks_give_the_parameters_of_one(self):
        rng = np.random.default_rng(7)
        normal = lambda n, dtype=np.float32: rng.normal(size=n).astype(dtype)
        w1, w2, b1, b3 = normal(2000) * 0.1, normal(1500) * 0.2, normal(50, np.float16), normal(30, np.float16)
        e = [bf16_value(x) for x in normal(64).tolist()]
        # Five files on three ranks (0 and 3, 1 and 4, 2): "w" and "b" are in files of different ranks.
        safetensors = {
            "m1.safetensors": [("w", "F32", [40, 50], w1.tolist()), ("b", "F16", [50], b1.tolist()),
                               ("steps", "I64", [2], [1, 2])],
            "m2.safetensors": [("w", "F32", [1500], w2.tolist()), ("e", "BF16", [64], e)],
            "m3.safetensors": [("b", "F16", [30], b3.tolist())],
        }
        arrays = {"act.npy": normal(3000) * 4, "act16.npy": normal(1000, np.float16)}
        expected = {"w": np.concatenate([w1, w2]), "b": np.concatenate([b1, b3]).astype(np.float32),
                    "e": np.array(e, np.float32), "act.npy": arrays["act.npy"],
                    "act16.npy": arrays["act16.npy"].astype(np.float32)}
        with tempfile.TemporaryDirectory() as d:
            files = [os.path.join(d, name) for name in ("act.npy", "m1.safetensors", "m2.safetensors",
                                                        "act16.npy", "m3.safetensors")]
            for name, values in arrays.items():
                np.save(os.path.join(d, name), values)
            for name, tensors in safetensors.items():
                with open(os.path.join(d, name), "wb") as f:
                    f.write(safetensors_bytes(tensors))
            results = {}
            for ranks in (1, 3):
                out = os.path.join(d, f"np{ranks}.json")
                r = subprocess.run([mpiexec(), "--oversubscribe", "-np", str(ranks), BINARY, out, *files],
                                   capture_output=True, text=True, timeout=120)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(out) as f:
                    results[ranks] = json.load(f)
        self.assertEqual(sorted(results[3]), sorted(expected), "every float tensor, by name")
        self.assertEqual(results[3], results[1], "three ranks give the parameters of one")
        for name, values in expected.items():
            t = results[3][name]
            self.assertEqual([np.float32(x) for x in t["range"]], [values.min(), values.max()], name)
            self.assertEqual((t["qmin"], t["qmax"]), (0, 255), name)
            self.assertTrue(0 <= t["zero_point"] <= 255 and t["scale"] > 0, name)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]], verbosity=2)
