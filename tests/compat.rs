//! Compatibility with clients we did not write: the DataStax Python driver and cqlsh.
//!
//! Each test starts the real `ringbench serve` binary on a free port and points an unmodified
//! client at it: `tests/compat/driver_script.py` (its own checks, exits non-zero on any
//! mismatch) and `cqlsh -f tests/compat/session.cql` (stdout compared with
//! `tests/compat/session.expected`, what cqlsh prints against Apache Cassandra 4.1).
//!
//! The clients live in a virtualenv made by `scripts/python-env.sh`; without it these tests
//! FAIL (never skip) and say how to create it.

#[path = "compat/harness.rs"]
mod harness;

use std::process::Command;
use std::time::Duration;

use harness::{compat_dir, diff, run, venv, Server};

#[test]
fn python_driver_works_against_a_three_node_ring() {
    let venv = venv();
    let server = Server::start(3);
    let mut cmd = Command::new(venv.join("bin").join("python"));
    cmd.arg(compat_dir().join("driver_script.py"))
        .arg("127.0.0.1")
        .arg(server.port().to_string())
        .arg("3")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1");
    let outcome = run(cmd, Duration::from_secs(240));
    assert!(
        outcome.success(),
        "tests/compat/driver_script.py failed against `ringbench serve --nodes 3` on port {}\n{}\n--- server output ---\n{}",
        server.port(),
        outcome.report(),
        server.output()
    );
}

#[test]
fn cqlsh_session_prints_what_cassandra_prints() {
    let venv = venv();
    let server = Server::start(1);
    let home = tempdir("cqlsh-home");
    let mut cmd = Command::new(venv.join("bin").join("cqlsh"));
    cmd.arg("127.0.0.1")
        .arg(server.port().to_string())
        .arg("-f")
        .arg(compat_dir().join("session.cql"))
        // No user cqlshrc, history or credentials may leak into the run.
        .env("HOME", &home)
        // Use the venv's pinned driver, never a driver zip bundled with an installed Cassandra
        // (cqlsh looks in /usr/share/cassandra/lib otherwise).
        .env("CQLSH_NO_BUNDLED", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let outcome = run(cmd, Duration::from_secs(180));
    assert!(
        outcome.success(),
        "cqlsh -f tests/compat/session.cql failed (cqlsh exits 2 when a statement errs)\n{}\n--- server output ---\n{}",
        outcome.report(),
        server.output()
    );
    let expected_text = std::fs::read_to_string(compat_dir().join("session.expected"))
        .unwrap_or_else(|err| panic!("reading tests/compat/session.expected: {err}"));
    let expected = normalise(&expected_text);
    let actual = normalise(&outcome.stdout);
    if let Some(diff) = diff(&expected, &actual) {
        panic!(
            "cqlsh output differs from tests/compat/session.expected (whitespace normalised)\n{diff}\n{}",
            outcome.report()
        );
    }
}

/// Trailing spaces dropped, runs of spaces collapsed (column padding is cqlsh's business), and
/// cqlsh's own build-version warning removed: cqlsh 6.1.3 prints it on stdout whenever the
/// server's release_version is not exactly 4.1.4, for a real Cassandra as for us.
fn normalise(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with("WARNING: cqlsh was built against "))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ringbench-compat-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("creating {}: {err}", dir.display()));
    dir
}

#[test]
fn normalise_ignores_padding_but_not_blank_lines() {
    let got = normalise(" a  |  b   \n\n(1 rows)\nWARNING: cqlsh was built against 4.1.4, but this server is 4.1.5.  All features may not work!\n");
    assert_eq!(got, vec!["a | b", "", "(1 rows)"]);
}
