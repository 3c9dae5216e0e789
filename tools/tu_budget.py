#!/usr/bin/env python3
"""What each translation unit costs to compile, and a budget CI enforces.

As a compiler launcher it runs the compiler and appends one line to the log
named by $TLCPP_TU_LOG: wall seconds, peak memory (MB, from the kernel's
accounting of the finished child, as /usr/bin/time reports it), CPU
seconds and the object file:

    CMAKE_CXX_COMPILER_LAUNCHER="python3;tools/tu_budget.py;run" \\
    TLCPP_TU_LOG=$PWD/tu.log cmake --build build

Then `tools/tu_budget.py check tu.log` prints the five heaviest units and
fails if any took more than 90 s or 2 GB (change with --seconds, --mb).
The seconds are CPU seconds: what the unit costs whatever else runs beside
it (Ninja runs more compilers than a 2-core machine has cores, so wall time
says more about the build's parallelism than about the unit).
Without $TLCPP_TU_LOG the launcher only runs the compiler.
"""
import argparse
import fcntl
import os
import resource
import subprocess
import sys
import time


def run(command):
    start = time.monotonic()
    code = subprocess.call(command)
    seconds = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024  # Linux: KB
    cpu = usage.ru_utime + usage.ru_stime
    log = os.environ.get("TLCPP_TU_LOG")
    if log:
        target = command[command.index("-o") + 1] if "-o" in command else command[-1]
        with open(log, "a", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # parallel compilers append whole lines
            f.write(f"{seconds:.1f}\t{peak_mb:.0f}\t{cpu:.1f}\t{target}\n")
    return code


def check(logs, max_seconds, max_mb):
    units = {}
    for log in logs:
        with open(log, encoding="utf-8") as f:
            for line in f:
                seconds, mb, cpu, target = line.rstrip("\n").split("\t", 3)
                units[(log, target)] = (float(seconds), float(mb), float(cpu))  # a unit's last build counts
    if not units:
        print(f"tu_budget: no translation units in {', '.join(logs)}")
        return 1
    heaviest = sorted(units.items(), key=lambda kv: (kv[1][1], kv[1][0]), reverse=True)
    total_cpu = sum(u[2] for u in units.values())
    print(f"tu_budget: {len(units)} translation units, {total_cpu:.0f} CPU-seconds in all; "
          "the five that needed the most memory:")
    for (_, target), (seconds, mb, cpu) in heaviest[:5]:
        print(f"  {mb:7.0f} MB {seconds:6.1f} s ({cpu:5.1f} CPU-s)  {target}")
    slowest = max(units.items(), key=lambda kv: kv[1][2])
    print(f"  slowest: {slowest[1][2]:.1f} CPU-s ({slowest[1][0]:.1f} s)  {slowest[0][1]}")
    over = [(t, c, m) for (_, t), (_, m, c) in units.items() if c > max_seconds or m > max_mb]
    for target, cpu, mb in over:
        print(f"tu_budget: {target} took {cpu:.1f} CPU-s and {mb:.0f} MB, over {max_seconds} s or {max_mb} MB")
    return 1 if over else 0


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "run":
        return run(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("check", help="print the heaviest units and fail past the budget")
    c.add_argument("logs", nargs="+")
    c.add_argument("--seconds", type=float, default=90)
    c.add_argument("--mb", type=float, default=2048)
    args = parser.parse_args()
    return check(args.logs, args.seconds, args.mb)


if __name__ == "__main__":
    sys.exit(main())
