#!/usr/bin/env python3
"""Editor latency of `learnsum lsp`: how long after a change the diagnostics of a 300-line
summary arrive, warm (target: 50 ms or less).

What it does, in one run: starts `learnsum lsp` as an editor would (a subprocess on stdio),
opens a 300-line summary with a misspelt theme, an NHS number and an audit that says "As
above", makes --warm-up changes (the first check loads the rules and the privacy patterns),
then --changes more, one at a time as a typist would (each a full-text change, as many clients
send), and times each from sending `didChange` to receiving its `publishDiagnostics` (wall
clock, in this process). It prints the median, the 90th percentile and the worst, and whether
the median meets the target.

Usage:
    .venv/bin/python benchmarks/lsp_bench.py [--changes 40] [--warm-up 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TARGET_MS = 50.0


def summary_of_300_lines() -> str:
    """A realistic summary of 300 lines: the header and every section, then learning points,
    agencies and actions until it is 300 lines long, with three problems to report."""
    head = [
        "learnsum: 1", "title: Child T", "reference: TEST-1",
        "partnership: Testshire Safeguarding Children Partnership", "status: draft",
        "completed: 2024-03-01", "review:", "  type: learning-review",
        "  purpose: A local learning review led by the Designated Nurse.", "case:",
        "  incident: 2023-06", "  precis: |",
        "    Child T, aged two (NHS 943 476 5919), was admitted with an unexplained injury.",
        "", "    The family were known to Early Help.",
        "themes: [information-sharing, hidden_men]", "case_learning:",
    ]
    points = []
    for number in range(1, 41):
        points += ["  - text: >-",
                   f"      Point {number}: health visitors did not know of the police call-outs",
                   "      and the school was not told of the concerns raised at the review.",
                   "    kind: concern", "    themes: [information-sharing, domestic-abuse]"]
    tail = [
        "method_learning: |", "  Practitioners attended a half-day workshop.", "single_agency:",
        "  - agency: Health", "    points:", "      - Share call-out information with health.",
        "multi_agency:", "  - All agencies should check who else lives in the household.",
        "actions:",
    ]
    actions = []
    number = 0
    while len(head) + len(points) + len(tail) + len(actions) + 3 < 300:
        number += 1
        actions += ["  - owner: Designated Nurse, Integrated Care Board",
                    f"    action: Brief health visiting teams on notification {number}.",
                    "    due: 2027-01-31", "    status: open"]
    lines = head + points + tail + actions + ["audit: As above.", "slides: not-applicable"]
    return "\n".join(lines[:300]) + "\n"


async def measure(changes: int, warm_up: int) -> list[float]:
    client = LanguageClient("lsp-bench", "1")
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / ".git").mkdir()
        path = Path(folder) / "child-t.yaml"
        text = summary_of_300_lines()
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        await client.start_io(sys.executable, "-m", "learnsum", "lsp")
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "yaml", 1, text)))
        first = await arrived.get()
        rules = sorted({str(d.code) for d in first.diagnostics})
        print(f"{len(text.splitlines())} lines; diagnostics: {', '.join(rules)}")
        timings = []
        for version in range(2, 2 + warm_up + changes):
            # What a typist does: one more character in the audit line each time.
            text = text.replace("audit: As above.", "audit: As above.x", 1) \
                if version % 2 else text.replace("audit: As above.x", "audit: As above.", 1)
            started = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text)]))
            await arrived.get()
            if version >= 2 + warm_up:
                timings.append((time.perf_counter() - started) * 1000)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--warm-up", type=int, default=5)
    options = parser.parse_args()
    timings = asyncio.run(measure(options.changes, options.warm_up))
    median = statistics.median(timings)
    p90 = statistics.quantiles(timings, n=10)[-1]
    print(f"diagnostics after a change, warm ({len(timings)} changes): median {median:.1f} ms, "
          f"90th percentile {p90:.1f} ms, worst {max(timings):.1f} ms")
    verdict = "met" if median <= TARGET_MS else "NOT met"
    print(f"target diagnostics of a 300-line summary ≤ {TARGET_MS:.0f} ms after a change: "
          f"{median:.1f} ms ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
