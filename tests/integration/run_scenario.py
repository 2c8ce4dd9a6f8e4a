#!/usr/bin/env python3
"""Runs one integration scenario (tests/integration/scenarios/NAME.py) in a
fresh temporary directory and exits non-zero when any check failed."""

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from memscope_harness import Checks, Harness, ScenarioAborted  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--memscope", required=True, help="path to the memscope CLI")
    parser.add_argument("--programs", required=True, help="directory of the gt_* programs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("scenario")
    args = parser.parse_args()

    scenario = importlib.import_module("scenarios." + args.scenario)
    check = Checks()
    workdir = tempfile.mkdtemp(prefix=f"memscope-{args.scenario}-")
    log_lines = []
    outcome = "passed"
    try:
        harness = Harness(os.path.abspath(args.memscope), os.path.abspath(args.programs), workdir,
                          log_lines.append)
        if not os.access(harness.memscope, os.X_OK):
            check.require("memscope CLI is built", False, harness.memscope)
        scenario.run(harness, check)
    except ScenarioAborted:
        outcome = "aborted"
    except Exception:  # a harness error must show, not pass
        check.failures.append("scenario raised:\n" + traceback.format_exc())
    finally:
        if args.keep:
            log_lines.append(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    if check.failures:
        print("\n".join(log_lines))
        print(f"\n{args.scenario}: {len(check.failures)} check(s) failed"
              f"{' (aborted)' if outcome == 'aborted' else ''}, {check.passed} passed:")
        for failure in check.failures:
            print("  FAIL " + failure)
        return 1
    print(f"{args.scenario}: all {check.passed} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
