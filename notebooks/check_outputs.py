#!/usr/bin/env python3
"""Fails when an executed notebook shows an error, a panic or a compile error.

`jupyter nbconvert --execute` can exit 0 after a panic in a Rust cell (evcxr reports it as output), so the
executed notebook's JSON is inspected instead. A notebook fails when:

- a code cell was not executed (no execution_count);
- an output has output_type "error" (evcxr's compile errors and runtime errors);
- any output text (stdout, stderr, display data, error traceback) contains "panicked", "error[E",
  "error: could not compile" or evcxr's "Child process terminated";
- a stderr stream contains "error" at the start of a line (rustc or cargo diagnostics).

Usage: check_outputs.py EXECUTED.ipynb...   Exit code 0 when every notebook is clean, 1 otherwise.
Standard library only.
"""
import json
import re
import sys

NEEDLES = ("panicked", "error[E", "error: could not compile", "Child process terminated")
STDERR_ERROR = re.compile(r"^\s*error\b", re.MULTILINE)


def text_of(value):
    if isinstance(value, list):
        return "".join(value)
    return value if isinstance(value, str) else json.dumps(value)


def problems(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        where = f"{path}: cell {i + 1}"
        if cell.get("execution_count") is None:
            found.append(f"{where}: not executed")
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                tb = "\n".join(out.get("traceback", []))
                found.append(f"{where}: error output {out.get('ename')}: {out.get('evalue')}\n{tb}")
                continue
            texts = []
            if kind == "stream":
                texts.append(text_of(out.get("text", "")))
                if out.get("name") == "stderr" and STDERR_ERROR.search(texts[-1]):
                    found.append(f"{where}: stderr reports an error:\n{texts[-1]}")
            for mime, data in out.get("data", {}).items():
                if mime.startswith("text/"):
                    texts.append(text_of(data))
            for t in texts:
                for needle in NEEDLES:
                    if needle in t:
                        found.append(f"{where}: output contains {needle!r}:\n{t}")
    return found


def main(paths):
    if not paths:
        print("usage: check_outputs.py EXECUTED.ipynb...", file=sys.stderr)
        return 2
    failed = 0
    for p in paths:
        found = problems(p)
        if found:
            failed += 1
            for msg in found:
                print(msg, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
