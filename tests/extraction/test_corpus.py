"""Score ``extraction.extract`` against the hand-annotated corpus in tests/corpus.

The corpus is a set of short wire-style texts, each with the events a careful
human reader would take from it (see tests/corpus/README.md for the format).
Scoring is per event type with deliberately loose matching rules, so that the
engine is judged on the facts (which place changed hands, how many were killed,
who spoke) and not on the exact wording of each field.

Run it directly for a development report (per-type precision/recall/F1 and
every miss and false positive)::

    .venv/bin/python tests/extraction/test_corpus.py [--all | --type casualty | --id cas-017]
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from sitrep.extraction import extract

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

TYPES = ("control_change", "casualty", "statement", "displacement")

# Per-type F1 the whole corpus must reach; raise them as the engine improves.
F1_THRESHOLDS = {
    "control_change": 0.97,
    "casualty": 0.97,
    "statement": 0.97,
    "displacement": 0.75,
}
# Share of negative cases (no required event) that must yield no stray event.
NEGATIVE_CLEAN_SHARE = 0.90

# Fields an expected event may carry, per type; "type" and "optional" go with all.
ALLOWED_FIELDS = {
    "control_change": {"place", "gainer", "loser", "action", "source"},
    "casualty": {"count", "count_text", "status", "victims", "qualifier", "includes",
                 "cause", "place", "cumulative", "source"},
    "statement": {"speaker", "speaker_role", "quote", "direct", "topic", "source"},
    "displacement": {"count", "count_text", "qualifier", "who", "from", "to", "source"},
}
REQUIRED_FIELDS = {
    "control_change": ("place",),
    "casualty": ("count", "status"),
    "statement": ("speaker",),
    "displacement": ("count",),
}
STATUSES = {"killed", "wounded", "missing", "abducted"}

# Status words that mean the same thing for scoring.
_STATUS_GROUPS = (
    {"killed", "dead", "died", "executed", "death", "deaths", "slain", "fatalities"},
    {"wounded", "injured", "hurt"},
    {"missing", "unaccounted for", "disappeared"},
    {"abducted", "kidnapped", "hostage", "hostages", "taken hostage", "seized"},
)

_QUOTE_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u00a0": " ",
})


def norm(value: Any) -> str:
    """Case-, quote- and whitespace-folded text for comparisons."""
    if value is None:
        return ""
    text = str(value).translate(_QUOTE_FOLD).casefold()
    return re.sub(r"\s+", " ", text).strip(" .,;:\"'")


def _aliases(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [n for n in (norm(v) for v in items if v is not None) if n]


def _contains(outer: str, inner: str) -> bool:
    """Containment on word boundaries, so "he" is not found inside "the"."""
    return re.search(r"(?<!\w)" + re.escape(inner) + r"(?!\w)", outer) is not None


def names_match(expected: Any, predicted: Any) -> bool:
    """True when any alias of ``expected`` contains ``predicted`` or the reverse."""
    got = norm(predicted)
    if not got:
        return False
    return any(_contains(got, a) or _contains(a, got) for a in _aliases(expected))


def status_group(status: Any) -> int | None:
    s = norm(status)
    for i, group in enumerate(_STATUS_GROUPS):
        if s in group:
            return i
    return None


def statuses_agree(expected: Any, predicted: Any) -> bool:
    a, b = status_group(expected), status_group(predicted)
    if a is None or b is None:
        return norm(expected) == norm(predicted)
    return a == b


def control_matches(exp: dict, pred: dict) -> bool:
    """Place matches, and no expected side is found on the wrong side.

    A side the prediction leaves null is tolerated, but when the text names
    any side at least one of them must be found where it belongs.
    """
    if not names_match(exp.get("place"), pred.get("place")):
        return False
    sides = [("gainer", "loser"), ("loser", "gainer")]
    expected_any = False
    matched_any = False
    for side, other in sides:
        want = exp.get(side)
        if not want:
            continue
        expected_any = True
        if names_match(want, pred.get(other)):
            return False
        got = pred.get(side)
        if got is None or norm(got) == "":
            continue
        if names_match(want, got):
            matched_any = True
        else:
            return False
    return matched_any or not expected_any


def casualty_matches(exp: dict, pred: dict) -> bool:
    return exp.get("count") == pred.get("count") and statuses_agree(
        exp.get("status"), pred.get("status"))


def statement_matches(exp: dict, pred: dict) -> bool:
    return names_match(exp.get("speaker"), pred.get("speaker"))


def displacement_matches(exp: dict, pred: dict) -> bool:
    return exp.get("count") == pred.get("count")


MATCHERS = {
    "control_change": control_matches,
    "casualty": casualty_matches,
    "statement": statement_matches,
    "displacement": displacement_matches,
}


# --------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    line: int
    text: str
    tags: tuple[str, ...]
    events: tuple[dict, ...]

    @property
    def required(self) -> list[dict]:
        return [e for e in self.events if not e.get("optional")]

    @property
    def negative(self) -> bool:
        return not self.required


def load_corpus(folder: Path = CORPUS_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{lineno}: not JSON: {exc}") from exc
            cases.append(Case(
                id=data.get("id", f"{path.name}:{lineno}"),
                file=path.name,
                line=lineno,
                text=data.get("text", ""),
                tags=tuple(data.get("tags", ())),
                events=tuple(data.get("events", ())),
            ))
    return cases


def corpus_problems(cases: list[Case]) -> list[str]:
    """Everything wrong with the corpus itself, one line per problem."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for case in cases:
        where = f"{case.file}:{case.line} ({case.id})"
        if case.id in seen:
            problems.append(f"{where}: id already used at {seen[case.id]}")
        seen[case.id] = where
        if not isinstance(case.text, str) or not case.text.strip():
            problems.append(f"{where}: empty text")
        if not all(isinstance(t, str) for t in case.tags):
            problems.append(f"{where}: tags must be strings")
        for n, ev in enumerate(case.events):
            problems.extend(f"{where} event {n}: {p}" for p in _event_problems(ev))
    return problems


def _event_problems(ev: Any) -> list[str]:
    if not isinstance(ev, dict):
        return ["not an object"]
    kind = ev.get("type")
    if kind not in TYPES:
        return [f"unknown type {kind!r}"]
    out = []
    extra = set(ev) - ALLOWED_FIELDS[kind] - {"type", "optional"}
    if extra:
        out.append(f"unknown fields {sorted(extra)}")
    for name in REQUIRED_FIELDS[kind]:
        if name not in ev:
            out.append(f"missing {name!r}")
    if "optional" in ev and not isinstance(ev["optional"], bool):
        out.append("optional must be true or false")
    if "count" in ev and ev["count"] is not None and (
            not isinstance(ev["count"], int) or isinstance(ev["count"], bool) or ev["count"] < 0):
        out.append(f"count must be a non-negative int or null, not {ev['count']!r}")
    if kind == "casualty":
        if ev.get("status") not in STATUSES:
            out.append(f"status {ev.get('status')!r} not one of {sorted(STATUSES)}")
        inc = ev.get("includes", {})
        if not isinstance(inc, dict) or not all(
                isinstance(k, str) and isinstance(v, int) for k, v in inc.items()):
            out.append("includes must map strings to ints")
        if ev.get("cumulative") not in (True, False, None):
            out.append("cumulative must be true, false or null")
    if kind == "statement" and "direct" in ev and not isinstance(ev["direct"], bool):
        out.append("direct must be true or false")
    for name in ("place", "gainer", "loser", "speaker"):
        if name in ev and ev[name] is not None and not _aliases(ev[name]):
            out.append(f"{name} must be a non-empty string or list of strings")
    if kind == "control_change" and not _aliases(ev.get("place")):
        out.append("place is empty")
    if kind == "statement" and not _aliases(ev.get("speaker")):
        out.append("speaker is empty")
    return out


# --------------------------------------------------------------------------
# Scoring


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Failure:
    case: Case
    kind: str  # "miss" or "false positive"
    type: str
    event: dict
    others: list[dict]  # the other side of the comparison, same type

    def describe(self) -> str:
        if self.kind == "miss":
            return (f"[{self.case.id}] MISS {self.type}: expected {_brief(self.event)}"
                    f"\n    predicted: {_brief_list(self.others)}"
                    f"\n    text: {_clip(self.case.text)}")
        return (f"[{self.case.id}] FALSE POSITIVE {self.type}: predicted {_brief(self.event)}"
                f"\n    expected: {_brief_list(self.others)}"
                f"\n    text: {_clip(self.case.text)}")


@dataclass
class Result:
    scores: dict[str, TypeScore] = field(default_factory=lambda: {t: TypeScore() for t in TYPES})
    failures: list[Failure] = field(default_factory=list)
    negatives: int = 0
    dirty_negatives: list[tuple[Case, list[dict]]] = field(default_factory=list)
    errors: list[tuple[Case, str]] = field(default_factory=list)


_SHOWN = {
    "control_change": ("place", "gainer", "loser", "action", "source"),
    "casualty": ("count", "count_text", "qualifier", "status", "victims", "includes",
                 "cumulative", "source"),
    "statement": ("speaker", "speaker_role", "direct", "topic", "quote"),
    "displacement": ("count", "count_text", "qualifier", "who", "from", "to"),
}


def _brief(ev: dict) -> str:
    kind = ev.get("type", "?")
    parts = []
    for name in _SHOWN.get(kind, ()):
        value = ev.get(name)
        if value in (None, "", {}, ()):
            continue
        if name == "quote":
            value = _clip(str(value), 60)
        parts.append(f"{name}={value!r}")
    if ev.get("optional"):
        parts.append("optional")
    return "{" + ", ".join(parts) + "}"


def _brief_list(events: list[dict]) -> str:
    return "; ".join(_brief(e) for e in events) if events else "(none)"


def _clip(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _max_matching(exp: list[dict], pred: list[dict], match) -> dict[int, int]:
    """Maximum bipartite matching, predicted index -> expected index.

    A greedy pass could pair a prediction with the wrong one of two similar
    expected events and then report a spurious miss; augmenting paths avoid it.
    """
    edges = [[j for j, e in enumerate(exp) if match(e, p)] for p in pred]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(pred)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def score_case(case: Case, predicted: list[dict], result: Result) -> None:
    stray: list[dict] = []
    for kind in TYPES:
        match = MATCHERS[kind]
        exp_all = [e for e in case.events if e.get("type") == kind]
        required = [e for e in exp_all if not e.get("optional")]
        pred = [p for p in predicted if p.get("type") == kind]
        pairs = _max_matching(required, pred, match)
        score = result.scores[kind]
        score.tp += len(pairs)
        matched_exp = set(pairs.values())
        for j, e in enumerate(required):
            if j not in matched_exp:
                score.fn += 1
                result.failures.append(Failure(case, "miss", kind, e, pred))
        for i, p in enumerate(pred):
            if i in pairs:
                continue
            if any(match(e, p) for e in exp_all):
                continue  # an optional event, or a duplicate of a found one
            score.fp += 1
            stray.append(p)
            result.failures.append(Failure(case, "false positive", kind, p, exp_all))
    if case.negative:
        result.negatives += 1
        if stray:
            result.dirty_negatives.append((case, stray))


def run_corpus(cases: list[Case] | None = None) -> Result:
    cases = load_corpus() if cases is None else cases
    result = Result()
    for case in cases:
        try:
            events = extract(case.text)
        except Exception as exc:  # noqa: BLE001 - reported per case, not fatal
            result.errors.append((case, f"{type(exc).__name__}: {exc}"))
            events = []
        predicted = [e.to_dict() for e in events]
        score_case(case, predicted, result)
    return result


@lru_cache(maxsize=1)
def _cached_result() -> Result:
    return run_corpus()


def format_table(result: Result) -> str:
    lines = [f"{'type':<15} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}  need"]
    for kind in TYPES:
        s = result.scores[kind]
        lines.append(f"{kind:<15} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>6.3f} "
                     f"{s.recall:>6.3f} {s.f1:>6.3f}  {F1_THRESHOLDS[kind]:.2f}")
    clean = result.negatives - len(result.dirty_negatives)
    share = clean / result.negatives if result.negatives else 1.0
    lines.append(f"negative cases clean: {clean}/{result.negatives} ({share:.0%}, "
                 f"need {NEGATIVE_CLEAN_SHARE:.0%})")
    if result.errors:
        lines.append(f"extract() raised on {len(result.errors)} cases")
    return "\n".join(lines)


def format_failures(result: Result, kind: str | None = None, limit: int | None = None) -> str:
    chosen = [f for f in result.failures if kind is None or f.type == kind]
    shown = chosen if limit is None else chosen[:limit]
    out = [f.describe() for f in shown]
    if len(shown) < len(chosen):
        out.append(f"... and {len(chosen) - len(shown)} more "
                   f"(run: python tests/extraction/test_corpus.py --type {kind or 'TYPE'})")
    for case, message in result.errors:
        out.append(f"[{case.id}] extract() raised {message}")
    return "\n".join(out)


# --------------------------------------------------------------------------
# Tests


def test_corpus_is_well_formed():
    cases = load_corpus()
    problems = corpus_problems(cases)
    assert not problems, "corpus problems:\n" + "\n".join(problems)
    total = len(cases)
    assert total >= 200, f"only {total} texts in the corpus"
    negatives = sum(c.negative for c in cases)
    assert negatives * 4 >= total, f"only {negatives}/{total} negative cases"
    for kind in TYPES:
        n = sum(1 for c in cases for e in c.required if e["type"] == kind)
        assert n >= 20, f"only {n} required {kind} events in the corpus"


def test_matching_rules_are_not_trivial():
    """The scorer itself must tell right from wrong, or the thresholds mean nothing."""
    exp = {"type": "control_change", "place": "Avdiivka", "gainer": "Russian forces",
           "loser": "Ukrainian troops"}
    assert control_matches(exp, {"place": "avdiivka", "gainer": "Russian forces"})
    assert control_matches(exp, {"place": "the town of Avdiivka", "gainer": None, "loser": "Ukrainian"})
    assert not control_matches(exp, {"place": "Avdiivka", "gainer": "Ukrainian troops"})
    assert not control_matches(exp, {"place": "Avdiivka", "loser": "Russian forces"})
    assert not control_matches(exp, {"place": "Avdiivka"})
    assert not control_matches(exp, {"place": "Pokrovsk", "gainer": "Russian forces"})
    assert control_matches({"place": ["Goma", "the city of Goma"]}, {"place": "Goma"})
    assert casualty_matches({"count": 12, "status": "killed"}, {"count": 12, "status": "dead"})
    assert casualty_matches({"count": None, "status": "wounded"}, {"count": None, "status": "injured"})
    assert not casualty_matches({"count": 12, "status": "killed"}, {"count": 12, "status": "wounded"})
    assert not casualty_matches({"count": 12, "status": "killed"}, {"count": 13, "status": "killed"})
    assert statement_matches({"speaker": ["Antonio Guterres", "Guterres"]},
                             {"speaker": "U.N. Secretary-General Antonio Guterres"})
    assert not statement_matches({"speaker": "the United Nations"}, {"speaker": "he"})
    assert not statement_matches({"speaker": "Antonio Guterres"}, {"speaker": "Antonio Blinken"})
    assert names_match("\u201cthe army\u201d", '"The  Army"')

    case = Case("x", "x", 1, "t", (), (
        {"type": "casualty", "count": 5, "status": "killed"},
        {"type": "casualty", "count": 3, "status": "killed", "optional": True},
    ))
    result = Result()
    score_case(case, [
        {"type": "casualty", "count": 5, "status": "killed"},
        {"type": "casualty", "count": 5, "status": "dead"},      # duplicate: not an FP
        {"type": "casualty", "count": 3, "status": "killed"},    # optional: not an FP
        {"type": "casualty", "count": 40, "status": "killed"},   # FP
        {"type": "statement", "speaker": "someone"},             # FP
    ], result)
    assert (result.scores["casualty"].tp, result.scores["casualty"].fp,
            result.scores["casualty"].fn) == (1, 1, 0)
    assert result.scores["statement"].fp == 1


@pytest.mark.parametrize("kind", TYPES)
def test_extraction_f1(kind):
    result = _cached_result()
    score = result.scores[kind]
    need = F1_THRESHOLDS[kind]
    assert score.f1 >= need and not result.errors, (
        f"{kind}: F1 {score.f1:.3f} < {need} (P {score.precision:.3f}, R {score.recall:.3f}, "
        f"TP {score.tp} FP {score.fp} FN {score.fn})\n{format_table(result)}\n\n"
        + format_failures(result, kind, limit=60))


def test_negative_cases_stay_quiet():
    result = _cached_result()
    assert result.negatives, "no negative cases in the corpus"
    clean = result.negatives - len(result.dirty_negatives)
    share = clean / result.negatives
    detail = "\n".join(
        f"[{case.id}] predicted {_brief_list(stray)}\n    text: {_clip(case.text)}"
        for case, stray in result.dirty_negatives)
    assert share >= NEGATIVE_CLEAN_SHARE, (
        f"only {clean}/{result.negatives} ({share:.0%}) negative cases yield no stray "
        f"event; need {NEGATIVE_CLEAN_SHARE:.0%}\n{detail}")


def main(argv: list[str]) -> int:
    """Print the score table and the failures (``--type T``, ``--id ID``, ``--all``)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--type", choices=TYPES, help="only failures of this type")
    parser.add_argument("--id", action="append", help="only these case ids (repeatable; prefix ok)")
    parser.add_argument("--all", action="store_true", help="show every failure, not the first 40 per type")
    parser.add_argument("--quiet", action="store_true", help="only the table")
    args = parser.parse_args(argv)

    cases = load_corpus()
    problems = corpus_problems(cases)
    if problems:
        print("corpus problems:\n" + "\n".join(problems))
    if args.id:
        cases = [c for c in cases if any(c.id.startswith(i) for i in args.id)]
    result = run_corpus(cases)
    print(f"{len(cases)} cases\n{format_table(result)}")
    if not args.quiet:
        limit = None if args.all or args.id else 40
        for kind in TYPES if args.type is None else (args.type,):
            text = format_failures(Result(failures=result.failures), kind, limit)
            if text:
                print(f"\n== {kind} ==\n{text}")
        for case, message in result.errors:
            print(f"[{case.id}] extract() raised {message}")
    ok = all(result.scores[k].f1 >= F1_THRESHOLDS[k] for k in TYPES)
    return 0 if ok and not result.errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
