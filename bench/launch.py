#!/usr/bin/env python3
"""Run a command and write its wall time, CPU time, peak RSS and exit code to a JSON file.

    python bench/launch.py REPORT.json COMMAND [ARG...]

bench/run measures every case through this small process rather than directly. On Linux a child's
``ru_maxrss`` counts the memory of the process that started it (the resident set it had at fork,
or its peak when the child came from vfork, as subprocess's children do), so measuring straight from
bench/run, which holds whole JSON reports while it checks findings, made small commands look as large
as bench/run itself. Forked from this process instead, a command starts from this one's few MiB, less
than any measured command uses on its own.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(argv: list[str]) -> int:
    """Fork, exec the command, wait for it, write the report."""
    report, command = argv[0], argv[1:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        except OSError as error:
            os.write(2, f"launch: {command[0]}: {error}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    result = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "max_rss": usage.ru_maxrss * 1024,
        "exit_code": os.waitstatus_to_exitcode(status),
    }
    with open(report, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
