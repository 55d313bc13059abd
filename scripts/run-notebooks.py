"""Runs genlab's notebooks headless, top to bottom in a fresh kernel (nbclient), and
prints what each printed and how long it took. A notebook whose checks disagree with the
app's numbers stops with an AssertionError after printing both: this script then fails,
showing those lines. Usage: .venv/bin/python scripts/run-notebooks.py FILE.ipynb ...
"""
import os
import re
import sys
import time

# One BLAS thread per kernel: the notebooks' matrices are small, and on a busy 2-core CI
# machine numpy's threads only fight each other (measured about 10x slower per step).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

failed = []
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    start = time.perf_counter()
    try:
        NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
        status = "ran"
    except CellExecutionError as error:
        last = re.sub(r"\x1b\[[0-9;]*m", "", str(error).strip().splitlines()[-1])  # no terminal colours
        status = f"FAILED: {last}"
        failed.append(path)
    seconds = time.perf_counter() - start
    printed = [
        out.get("text", "")
        for cell in notebook.cells if cell.cell_type == "code"
        for out in cell.get("outputs", []) if out.get("output_type") == "stream"
    ]
    print(f"{path}: {status} in {seconds:.1f} s")
    for text in printed:
        print("  " + text.rstrip().replace("\n", "\n  "))
sys.exit(1 if failed else 0)
