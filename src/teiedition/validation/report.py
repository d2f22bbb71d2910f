"""One report type for every validation layer: located issues, shown as text or JSON."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field

#: Layers in the order they run; a file's issues are listed in this order.
LAYERS = ("input", "wellformed", "tei", "project", "schematron", "tei-all", "schema")

#: The most issues of one layer listed for one file. A hostile file within every input limit
#: (200,000 unknown attributes spread over its elements) otherwise makes a 41 MB report; the
#: rest are counted, and the summary says how many were not listed.
MAX_LISTED = 1000
MAX_LISTED_ENV = "TEIEDITION_MAX_LISTED_ISSUES"


def max_listed() -> int:
    value = os.environ.get(MAX_LISTED_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MAX_LISTED


@dataclass(frozen=True)
class Issue:
    """One problem in one file. ``rule`` is the Schematron rule id when there is one."""

    file: str
    line: int | None
    column: int | None
    layer: str
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        rule = f"[{self.rule}] " if self.rule else ""
        return f"{where}: {self.layer}: {rule}{self.message}"


@dataclass
class Report:
    """What was checked and what failed. ``notes`` say what could not be checked and why."""

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layers: dict[str, list[str]] = field(default_factory=dict)  # file -> layers run
    unlisted: dict[str, int] = field(default_factory=dict)  # file -> issues counted, not listed

    def cap(self, per_layer: int | None = None) -> None:
        """Keep the first ``per_layer`` issues of each layer of each file; count the others."""
        per_layer = per_layer or max_listed()
        seen: Counter[tuple[str, str]] = Counter()
        kept = []
        for issue in self.sorted_issues():
            seen[issue.file, issue.layer] += 1
            if seen[issue.file, issue.layer] <= per_layer:
                kept.append(issue)
            else:
                self.unlisted[issue.file] = self.unlisted.get(issue.file, 0) + 1
        if len(kept) == len(self.issues):
            return
        self.issues = kept
        for name, count in self.unlisted.items():
            note = (f"{name}: {count} more errors not listed (the first {per_layer} of each layer "
                    f"are; set {MAX_LISTED_ENV} to list more)")
            if note not in self.notes:
                self.notes.append(note)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def exit_code(self) -> int:
        """0 all valid, 2 when an input could not be read at all, else 1."""
        if any(i.layer == "input" for i in self.issues):
            return 2
        return 1 if self.issues else 0

    def invalid_files(self) -> list[str]:
        seen = {i.file for i in self.issues}
        return [f for f in self.files if f in seen]

    def extend(self, other: Report) -> None:
        self.files += other.files
        self.issues += other.issues
        self.notes += [n for n in other.notes if n not in self.notes]
        self.layers.update(other.layers)
        for name, count in other.unlisted.items():
            self.unlisted[name] = self.unlisted.get(name, 0) + count

    def sorted_issues(self) -> list[Issue]:
        order = {f: k for k, f in enumerate(self.files)}
        return sorted(self.issues, key=lambda i: (order.get(i.file, len(order)), LAYERS.index(i.layer)
                                                  if i.layer in LAYERS else len(LAYERS),
                                                  i.line or 0, i.column or 0))

    def summary(self) -> str:
        bad = len(self.invalid_files())
        n = len(self.files)
        errors = len(self.issues) + sum(self.unlisted.values())
        return (f"{n} file{'s' if n != 1 else ''} checked: {n - bad} valid, {bad} invalid, "
                f"{errors} error{'s' if errors != 1 else ''}")

    def to_text(self) -> str:
        lines = [str(i) for i in self.sorted_issues()]
        lines += [f"note: {n}" for n in self.notes]
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({
            "valid": self.ok,
            "files": [{"file": f, "valid": f not in {i.file for i in self.issues},
                       "layers": self.layers.get(f, [])} for f in self.files],
            "issues": [asdict(i) for i in self.sorted_issues()],
            "notes": self.notes,
            "summary": self.summary(),
        }, ensure_ascii=False, indent=2) + "\n"
