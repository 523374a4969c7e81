"""Reads checkov's JSON results: prints each failure, each skip without a reason, and the skips by
check id; exits 1 when there is a failure or an unexplained skip, else 0.

A skip is written beside its resource in template.yaml (Metadata: checkov: skip: [{id, comment}]);
checkov reports the comment as the skip's suppress_comment ("No comment provided" when there is
none), and that, or an empty one, is not a reason.

Usage: python checkov_report.py NAME RESULTS.json
"""

import json
import sys
from collections import Counter

NO_COMMENT = "No comment provided"


def reason(skip: dict) -> str:
    return (skip.get("check_result", {}).get("suppress_comment") or "").strip()


def main(name: str, results: str) -> int:
    with open(results) as f:
        report = json.load(f)
    reports = report if isinstance(report, list) else [report]
    failed, skipped, passed = [], [], 0
    for r in reports:
        failed += r.get("results", {}).get("failed_checks", [])
        skipped += r.get("results", {}).get("skipped_checks", [])
        passed += r.get("summary", {}).get("passed", 0)
    unexplained = [s for s in skipped if reason(s) in ("", NO_COMMENT)]
    for f in failed:
        print(f"{name}: FAILED {f['check_id']} {f['resource']} (lines {f.get('file_line_range')}): {f['check_name']}")
    for s in unexplained:
        print(f"{name}: SKIPPED WITHOUT A REASON {s['check_id']} {s['resource']}")
    by_id = Counter(s["check_id"] for s in skipped)
    print(f"{name}: checkov {passed} passed, {len(failed)} failed, {len(skipped) - len(unexplained)} skipped with a reason"
          f" ({', '.join(f'{k} x{v}' for k, v in sorted(by_id.items()))})")
    return 1 if failed or unexplained else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
