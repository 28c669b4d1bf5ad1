"""Runs examples/notebook.py and `qrange demo` and fails unless the notebook
prints what the command prints (all but the command's last line: its ISA,
threads and time). Not a pytest file: CTest runs it with the command's path.

usage: notebook_matches_demo.py QRANGE_COMMAND NOTEBOOK
"""
import subprocess
import sys

command, notebook = sys.argv[1:3]
demo = subprocess.run([command, "demo"], check=True, capture_output=True, text=True).stdout.splitlines()
mine = subprocess.run([sys.executable, notebook], check=True, capture_output=True, text=True).stdout.splitlines()
if mine != demo[:-1]:
    for a, b in zip(demo, mine + [""] * len(demo)):
        if a != b:
            print(f"qrange demo: {a}\nnotebook:    {b}")
    sys.exit("the notebook does not print what `qrange demo` prints")
print("\n".join(mine))
