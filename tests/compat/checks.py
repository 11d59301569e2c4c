"""Tiny check runner shared by the compatibility scripts.

Each check is a named function. A check fails by raising (usually `Mismatch`, via `expect`);
the runner records the failure with a readable message, keeps going, and prints a summary, so
one run shows every incompatibility at once instead of stopping at the first.
"""

import sys
import time
import traceback


class Mismatch(AssertionError):
    """The node answered, but not what Cassandra would have answered."""


def expect(actual, expected, what):
    """Fail with `what: expected X, got Y` unless actual == expected."""
    if actual != expected:
        raise Mismatch("%s:\n      expected %r\n      got      %r" % (what, expected, actual))


def expect_true(condition, what):
    if not condition:
        raise Mismatch(what)


def expect_error(exc_type, fn, what, message_contains=None):
    """Run fn(); it must raise exc_type (whose message contains `message_contains`)."""
    try:
        fn()
    except exc_type as err:
        if message_contains is not None and message_contains not in str(err):
            raise Mismatch("%s: error message %r does not contain %r" % (what, str(err), message_contains))
        return err
    except Exception as err:  # noqa: BLE001 - any other error is the mismatch we report
        raise Mismatch("%s: expected %s, got %s: %s" % (what, exc_type.__name__, type(err).__name__, err))
    raise Mismatch("%s: expected %s, but the statement succeeded" % (what, exc_type.__name__))


class Runner:
    """Runs checks in order, remembers which failed, prints a summary."""

    def __init__(self, name):
        self.name = name
        self.passed = []
        self.failed = []

    def run(self, check, *args):
        label = check.__name__.replace("check_", "").replace("_", " ")
        start = time.monotonic()
        try:
            check(*args)
        except Mismatch as err:
            self.failed.append(label)
            print("FAIL %s\n    %s" % (label, err), flush=True)
        except Exception:  # noqa: BLE001 - a driver exception is a failure to report, not a crash
            self.failed.append(label)
            print("FAIL %s (unexpected exception)\n%s" % (label, _indent(traceback.format_exc())), flush=True)
        else:
            self.passed.append(label)
            print("ok   %s (%.2fs)" % (label, time.monotonic() - start), flush=True)

    def finish(self):
        """Print the summary and return the process exit code."""
        print("%s: %d checks passed, %d failed" % (self.name, len(self.passed), len(self.failed)))
        if self.failed:
            print("%s: failed checks: %s" % (self.name, ", ".join(self.failed)))
            return 1
        return 0


def _indent(text):
    return "".join("    " + line for line in text.splitlines(True))


def host_and_port(argv, env):
    """`script HOST PORT [NODES]` or RINGBENCH_HOST / RINGBENCH_PORT / RINGBENCH_NODES."""
    host = argv[1] if len(argv) > 1 else env.get("RINGBENCH_HOST", "127.0.0.1")
    port = argv[2] if len(argv) > 2 else env.get("RINGBENCH_PORT")
    nodes = argv[3] if len(argv) > 3 else env.get("RINGBENCH_NODES", "1")
    if port is None:
        sys.exit("usage: %s HOST PORT [NODES]  (or set RINGBENCH_PORT)" % argv[0])
    return host, int(port), int(nodes)
