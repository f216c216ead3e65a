"""The results of a forwarder check: per check, per probe, and for the whole forwarder.

[`check_forwarder`][recall_outlook.forwarder.check.check_forwarder] builds them; the command line,
widgets and docs read them. [`ForwarderReport.findings`][] turns failed checks into findings with
the codes of [`FORWARDER_SPECS`][recall_outlook.forwarder.probes.FORWARDER_SPECS].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ..findings import Finding
from ..regions import Region
from .probes import FORWARDER_CATALOG, Probe

__all__ = ["CHECK_CODES", "Check", "ForwarderReport", "ProbeResult", "render_report"]

CHECK_CODES: Final = {
    "status": "forwarder-not-redirect",
    "target": "forwarder-wrong-target",
    "query": "forwarder-query-changed",
    "no-store": "forwarder-cache-control",
    "not-cached": "forwarder-cacheable",
    "referrer": "forwarder-referrer",
}
"""Each check's name, in table order, and the finding code it reports when it fails."""


@dataclass(frozen=True)
class Check:
    """One check of one probe's answer.

    Attributes:
        name: The check's name (a key of [`CHECK_CODES`][]).
        passed: Whether it passed.
        detail: What was seen, or what was wrong.
    """

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class ProbeResult:
    """The verdict on one probe.

    Attributes:
        probe: The probe sent.
        status: The status code answered.
        location: The ``Location`` header, or ``None``.
        checks: The checks, in [`CHECK_CODES`][] order.
        difference: When the query changed, [`byte_diff`][]'s account of it.
    """

    probe: Probe
    status: int
    location: str | None
    checks: tuple[Check, ...]
    difference: str | None = None

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return all(check.passed for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        """Return the result with stable keys, for ``--json``."""
        return {
            "probe": self.probe.name,
            "query": self.probe.query,
            "status": self.status,
            "location": self.location,
            "passed": self.passed,
            "checks": [
                {"name": check.name, "passed": check.passed, "detail": check.detail}
                for check in self.checks
            ],
            "difference": self.difference,
        }


@dataclass(frozen=True)
class ForwarderReport:
    """The verdict on a forwarder.

    Attributes:
        url: The forwarder's URL.
        region: The Recall region it must forward to.
        results: One result per probe, in probe order.
    """

    url: str
    region: Region
    results: tuple[ProbeResult, ...]

    @property
    def passed(self) -> bool:
        """Whether every probe passed."""
        return all(result.passed for result in self.results)

    def findings(self) -> list[Finding]:
        """Return one finding per failed check, naming the probes it failed on."""
        found = []
        for name, code in CHECK_CODES.items():
            failed = [
                (result.probe.name, check.detail)
                for result in self.results
                for check in result.checks
                if check.name == name and not check.passed
            ]
            if failed:
                probes = ", ".join(probe for probe, _ in failed)
                spec = FORWARDER_CATALOG[code]
                found.append(spec.finding(f"{spec.title} Probes: {probes}. {failed[0][1]}"))
        return found

    def as_dict(self) -> dict[str, Any]:
        """Return the report with stable keys, for ``--json``."""
        return {
            "url": self.url,
            "region": self.region.name,
            "callback": self.region.ms_callback_url,
            "passed": self.passed,
            "probes": [result.as_dict() for result in self.results],
            "findings": [finding.as_dict() for finding in self.findings()],
        }


def render_report(report: ForwarderReport) -> str:
    """Return the report as a pass/fail table, then each failure with its byte difference."""
    names = list(CHECK_CODES)
    width = max(len(result.probe.name) for result in report.results) if report.results else 5
    lines = [
        f"forwarder {report.url}",
        f"expects   {report.region.ms_callback_url} ({report.region.name})",
        "",
        "  ".join([f"{'probe':{width}}", "http", *names, "result"]),
    ]
    for result in report.results:
        marks = [f"{'ok' if check.passed else 'FAIL':{len(check.name)}}" for check in result.checks]
        verdict = "pass" if result.passed else "FAIL"
        lines.append(
            "  ".join([f"{result.probe.name:{width}}", f"{result.status:<4}", *marks, verdict])
        )
    failed = [result for result in report.results if not result.passed]
    for result in failed:
        lines += ["", f"{result.probe.name}: {result.probe.about}"]
        for check in result.checks:
            if not check.passed and check.name != "query":
                lines.append(f"  {check.name}: {check.detail}")
        if result.difference:
            lines += ["  query: " + result.difference.replace("\n", "\n  ")]
        elif not result.passed and any(c.name == "query" and not c.passed for c in result.checks):
            lines.append("  query: nothing forwarded (no Location header)")
    total = len(report.results)
    lines += ["", f"{total} probes: {total - len(failed)} passed, {len(failed)} failed"]
    return "\n".join(lines)
