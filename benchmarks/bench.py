"""labeltrack's performance targets, measured as ratios against baselines run side by side.

    uv run python benchmarks/bench.py [--runs N]

Every command runs as its own process, as a user or cron would run it, so start-up counts. Each is
run N times (default 7), alternating with its baseline, and the median wall time is compared; peak
memory is the child's maximum resident set size. Modules are compiled to bytecode first, as an
installed tool has them (``--no-compile`` measures the environment as it is: under
PYTHONDONTWRITEBYTECODE every run compiles every module, which weighs on both sides alike).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import tomli_w

from labeltrack.dates import add_months

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LABELTRACK = str(BIN / "labeltrack")
AS_OF = "2026-01-01"
COUNTRIES = ["DK", "ES", "LT", "DE", "FR", "PL", "HU", "EL", "UK", "IT", "SE", "FI"]
PORTFOLIOS = ["Aviation and space", "ICT", "Biotechnology", "Food industry", "Construction"]

PARSE = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f: tomllib.load(f)"
IMPORTS = "import typer, rich, pydantic"
# The bare script the table target is measured against: parse, grade, print the same rows with
# the same console settings labeltrack uses when its output is piped.
RICH_TABLE = """
import sys, tomllib
from datetime import date, timedelta
from rich.console import Console
from rich.table import Table
with open(sys.argv[1], "rb") as f:
    data = tomllib.load(f)
as_of = date.fromisoformat(sys.argv[2])
table = Table()
columns = ("Cluster", "Country", "Portfolio", "Level", "Valid until", "Renew by", "Days left",
           "State")
for column in columns:
    table.add_column(column)
rows = []
for cluster in data["cluster"]:
    label = max(cluster["label"], key=lambda lab: lab["valid_until"])
    days = (label["valid_until"] - as_of).days
    state = ("expired" if days < 0 else "critical" if days <= 30
             else "warning" if days <= 180 else "ok")
    renew_by = label["valid_until"] - timedelta(days=90) if state in ("warning", "critical") else ""
    rows.append((days, cluster["name"], cluster["country"], cluster.get("portfolio", ""),
                 label["level"].upper(), label["valid_until"].isoformat(), str(renew_by),
                 str(days), state))
for row in sorted(rows):
    table.add_row(*row[1:])
Console(color_system=None, width=1000, highlight=False, markup=False).print(table)
"""


def make_registry(count: int, path: Path) -> Path:
    """``count`` clusters with two labels each: an old one and the current one."""
    rng = random.Random(count)
    start = date(2024, 1, 1)
    clusters = []
    for index in range(count):
        until = start + timedelta(days=rng.randrange(0, 1100))
        clusters.append(
            {
                "id": f"cluster-{index}",
                "name": f"Cluster {index} – Ñandú Øresund Šviesos",
                "short_name": f"C{index}",
                "country": COUNTRIES[index % len(COUNTRIES)],
                "portfolio": PORTFOLIOS[index % len(PORTFOLIOS)],
                "website": f"https://cluster-{index}.example.org",
                "contacts": [f"manager{index}@example.org"],
                "label": [
                    {"level": "bronze", "valid_until": until - timedelta(days=1095)},
                    {
                        "level": rng.choice(["bronze", "silver", "gold"]),
                        "awarded": until - timedelta(days=730),
                        "valid_until": until,
                    },
                ],
            }
        )
    path.write_text(tomli_w.dumps({"cluster": clusters}), encoding="utf-8")
    return path


def make_import(registry: Path, rows: int, path: Path) -> Path:
    """A CSV of ``rows`` rows as a spreadsheet would hold them: half the registry's clusters
    (matched by name, some with a renewal the registry lacks) and half new clusters."""
    import csv
    import tomllib

    with registry.open("rb") as file:
        clusters = tomllib.load(file)["cluster"]
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["Name", "Country", "Level", "Label valid until", "www"])
        for cluster in clusters[: rows // 2]:
            label = cluster["label"][-1]
            until = label["valid_until"]
            if rng.random() < 0.3:  # renewed since: three years from the end
                until = add_months(until, 36)
            out.writerow([cluster["name"], cluster["country"], label["level"].upper(),
                          until.strftime("%Y/%m/%d"), ""])  # fmt: skip
        for index in range(rows - rows // 2):
            until = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 1100))
            out.writerow([f"Nordic Innovation Hub {index} e.V.", COUNTRIES[index % len(COUNTRIES)],
                          "Bronze", until.strftime("%d.%m.%Y") if until.day > 12 else
                          until.isoformat(), f"www.hub-{index}.example.org"])  # fmt: skip
    return path


@dataclass
class Sample:
    seconds: list[float]
    max_rss_kib: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(argv: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    if process.returncode not in (0, 1):  # check exits 1 on problems; neither should crash
        raise SystemExit(f"{argv} failed ({process.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss


def measure(pair: tuple[list[str], list[str]], runs: int) -> tuple[Sample, Sample]:
    """Run a command and its baseline alternately, after one warm-up each."""
    samples = (Sample([], 0), Sample([], 0))
    for argv in pair:
        run_once(argv)
    for _ in range(runs):
        for sample, argv in zip(samples, pair, strict=True):
            seconds, rss = run_once(argv)
            sample.seconds.append(seconds)
            sample.max_rss_kib = max(sample.max_rss_kib, rss)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="measure as the environment is; by default every module is compiled to bytecode "
        "first, as pip and pipx do when they install a tool",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    python = sys.executable
    if not arguments.no_compile:
        import compileall
        import sysconfig

        for folder in (sysconfig.get_path("purelib"), str(REPO / "src")):
            compileall.compile_dir(folder, quiet=2, workers=0)
    with tempfile.TemporaryDirectory() as tmp:
        big = make_registry(10_000, Path(tmp) / "clusters-10000.toml")
        mid = make_registry(2_000, Path(tmp) / "clusters-2000.toml")
        bundled = str(REPO / "data" / "clusters.toml")
        # import: 2,000 rows into a registry of 2,000 clusters; the baseline is check on the
        # registry the import makes.
        before = make_registry(2_000, Path(tmp) / "clusters-before-import.toml")
        rows = make_import(before, 2_000, Path(tmp) / "import.csv")
        after = Path(tmp) / "clusters-after-import.toml"
        after.write_bytes(before.read_bytes())
        subprocess.run([LABELTRACK, "import", str(rows), "-r", str(after), "--apply"],
                       check=True, capture_output=True)  # fmt: skip
        parse_big = [python, "-c", PARSE, str(big)]
        status_big = [LABELTRACK, "status", "-r", str(big), "--as-of", AS_OF]
        svg = str(Path(tmp) / "timeline.svg")
        cases = [
            ("check, 10,000 clusters", [LABELTRACK, "check", "-r", str(big)], parse_big,
             "tomllib.load", 1.5, 2.5),
            ("status --format json, 10,000 clusters",
             [LABELTRACK, "status", "-r", str(big), "-f", "json", "--as-of", AS_OF], parse_big,
             "tomllib.load", 1.6, None),
            ("status (table), 2,000 clusters",
             [LABELTRACK, "status", "-r", str(mid), "--as-of", AS_OF],
             [python, "-c", RICH_TABLE, str(mid), AS_OF], "tomllib + Rich table script", 1.3, None),
            ("status (table), bundled 3 clusters",
             [LABELTRACK, "status", "-r", bundled, "--as-of", AS_OF], [python, "-c", IMPORTS],
             "import typer, rich, pydantic", 1.3, None),
            # "Well under the time status takes": half of it at most.
            ("summary, 10,000 clusters",
             [LABELTRACK, "summary", "-r", str(big), "--as-of", AS_OF], status_big,
             "status (table) of the same file", 0.5, None),
            ("import, 2,000 rows (plan)",
             [LABELTRACK, "import", str(rows), "-r", str(before), "--as-of", AS_OF],
             [LABELTRACK, "check", "-r", str(after)], "check of the imported registry", 1.5,
             None),
            ("timeline --svg, 10,000 clusters",
             [LABELTRACK, "timeline", "-r", str(big), "--as-of", AS_OF, "--svg", svg], status_big,
             "status (table) of the same file", 0.5, None),
        ]  # fmt: skip
        failed = False
        print(f"{'case':40} {'labeltrack':>11} {'baseline':>9} {'ratio':>6} {'target':>6}  memory")
        for name, command, baseline, baseline_name, time_target, memory_target in cases:
            mine, base = measure((command, baseline), runs)
            ratio = mine.median / base.median
            ok = ratio <= time_target
            memory = ""
            if memory_target is not None:
                memory_ratio = mine.max_rss_kib / base.max_rss_kib
                ok = ok and memory_ratio <= memory_target
                memory = (
                    f"{mine.max_rss_kib / 1024:.0f} MiB vs {base.max_rss_kib / 1024:.0f} MiB = "
                    f"{memory_ratio:.2f}x (target {memory_target}x)"
                )
            failed = failed or not ok
            times = f"{mine.median:10.3f}s {base.median:8.3f}s {ratio:5.2f}x {time_target:5.1f}x"
            print(f"{name:40} {times}  {memory}{'' if ok else '  MISSED'}")
            print(f"{'':40} baseline: {baseline_name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
