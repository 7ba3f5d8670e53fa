"""How fast extraction reads reports: reports per second on ~600-word texts.

The texts are the demo situation's reports, joined until each is about 600
words, so the numbers reflect wire copy rather than lorem ipsum. Sentences
recur across the joined reports as attributions do in real copy; caches are
cleared before each round. The
baseline in the same run is sentence splitting alone, the floor any
reader pays; the target is at least 200 reports per second on one core.
The development set's real articles (when ../shared is beside the project)
are timed in wall-clock and in CPU time: on a shared machine the second is
the steadier measure of one core's work, and the load average is printed.

    python bench/extract.py [--reports N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sitrep.extraction import extract
from sitrep.extraction.sentences import split_sentences
from sitrep.wiring.demo import demo_profile, demo_reports


def build_reports(count: int, words: int = 600) -> list[str]:
    bodies = [f"{r.title}\n\n{r.body}" for r in demo_reports()]
    reports: list[str] = []
    i = 0
    while len(reports) < count:
        parts: list[str] = []
        n = 0
        while n < words:
            body = bodies[i % len(bodies)]
            parts.append(body)
            n += len(body.split())
            i += 1
        reports.append("\n\n".join(parts))
    return reports


def extraction_caches() -> list:
    """The ``cache_clear`` of every memoised function in the extraction."""
    import gc

    return [
        obj.cache_clear for obj in gc.get_objects()
        if callable(obj) and hasattr(obj, "cache_clear")
        and getattr(obj, "__module__", "").startswith("sitrep.extraction")
    ]


def clear_caches() -> None:
    """Each round starts cold: the rules memoise pure string tests."""
    for clear in extraction_caches():
        clear()


def rate(fn, texts: list[str], rounds: int = 4, clock=time.perf_counter) -> float:
    """Median reports per second over ``rounds``, each started cold.

    ``clock`` is wall time by default; time.process_time gives this
    process's CPU time, which other work on a shared machine disturbs less.
    """
    results = []
    for _ in range(rounds):
        clear_caches()
        start = clock()
        for text in texts:
            fn(text)
        results.append(len(texts) / (clock() - start))
    return statistics.median(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()
    texts = build_reports(args.reports)
    profile = demo_profile()
    avg_words = statistics.mean(len(t.split()) for t in texts)
    baseline = rate(split_sentences, texts)
    full = rate(lambda t: extract(t, profile), texts)
    real = real_copy()
    if real:
        real_split = rate(split_sentences, real)
        real_rate = rate(lambda t: extract(t), real, rounds=6)
        real_cpu = rate(lambda t: extract(t), real, rounds=6, clock=time.process_time)
    events = sum(len(extract(t, profile)) for t in texts[:50]) / 50
    import os

    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock figures fall as it rises)")
    print(f"reports: {len(texts)} of {avg_words:.0f} words on average, {events:.1f} events each")
    print(f"baseline (sentence splitting only): {baseline:8.0f} reports/s")
    print(f"extraction (all rules):             {full:8.0f} reports/s   target >= 200")
    print(f"extraction costs {baseline / full:.1f}x the baseline")
    if real:
        words = statistics.mean(len(t.split()) for t in real)
        print(f"real wire copy ({len(real)} dev articles of {words:.0f} words, no profile): "
              f"{real_rate:6.0f} reports/s   target >= 200")
        print(f"  the same counted in CPU time:     {real_cpu:8.0f} reports/s   (others' work on the machine counts less)")
        print(f"  baseline (sentence splitting only): {real_split:6.0f} reports/s   extraction costs {real_split / real_rate:.0f}x it")


def real_copy() -> list[str]:
    """The development set's real articles, read where ../shared is beside
    the project. The demo texts above repeat their sentences, which the
    rules' memoised sentence readers profit from; real copy repeats far
    less, so this line is the sober figure."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev" / "articles"
    if not folder.is_dir():
        return []
    return [p.read_text(errors="replace") for p in sorted(folder.iterdir()) if p.is_file()]


if __name__ == "__main__":
    main()
