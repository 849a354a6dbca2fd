"""Prints the pip constraints pins.txt holds for one MLflow release; fails when this Python is not the one it names.

Usage: python3 pins.py <mlflow version> < pins.txt > constraints.txt
"""
import re
import sys


def release(text):
    """2.9.2 -> (2, 9, 2); 3.0.0rc1 -> (3, 0, 0): ranges compare release numbers only."""
    return tuple(int(part) for part in re.match(r"\d+(?:\.\d+)*", text).group().split("."))


def covers(first, below, version):
    return release(first) <= version[: len(release(first))] and (
        below == "-" or version[: len(release(below))] < release(below)
    )


version = release(sys.argv[1])
for line in sys.stdin:
    if not line.strip() or line.startswith("#"):
        continue
    first, below, requirement, _why = line.split(None, 3)
    if not covers(first, below, version):
        continue
    if requirement.startswith("python=="):
        wanted = requirement[len("python=="):]
        running = "%d.%d" % sys.version_info[:2]
        if running != wanted:
            sys.exit(f"MLflow {sys.argv[1]} is built on Python {wanted} (pins.txt), this base runs Python {running}:"
                     f" build with --build-arg BASE=python:{wanted}-slim")
    else:
        print(requirement)
