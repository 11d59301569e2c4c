//! The real binary in a pseudo-terminal: tmux (a server of its own on a private socket,
//! killed and its socket removed at the end, even when the test fails) runs `ringbench run ... --tui` against an embedded cluster; the test
//! reads the screen, raises the rate with `+`, quits with `q`, and checks the saved run.json:
//! the phase ends where the rate changed and a new phase `main (rate 550)` continues at the
//! new target rate. Needs tmux (`scripts/system-tools.sh` installs it when missing).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use ringbench::results::{RunResult, RunStatus};

use super::scenario::temp_dir;

/// A tmux server of this test with one session, `rb`.
struct Tmux {
    socket: PathBuf,
}

fn tmux(socket: &Path, args: &[&str]) -> Output {
    match Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("cannot run tmux ({e}): install it with scripts/system-tools.sh tmux"),
    }
}

impl Tmux {
    fn start(width: u16, height: u16, command: &str) -> Tmux {
        super::system_tools::ensure("tmux");
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let socket =
            std::env::temp_dir().join(format!("ringbench-tui-{}-{nanos}.tmux", std::process::id()));
        let (w, h) = (width.to_string(), height.to_string());
        let out = tmux(
            &socket,
            &["new-session", "-d", "-s", "rb", "-x", &w, "-y", &h, command],
        );
        let server = Tmux { socket };
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-t", "rb"]).stdout)
            .into_owned()
    }

    fn type_keys(&self, keys: &str) {
        let out = tmux(&self.socket, &["send-keys", "-t", "rb", "-l", keys]);
        assert!(out.status.success(), "send-keys {keys:?} failed");
    }

    /// The screen once `ready` holds for it, or a failure showing the last screen.
    fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("after {timeout:?} the screen still does not show {what}:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// The one run directory under `out`.
fn run_dir(out: &Path) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    match dirs.as_slice() {
        [one] => one.clone(),
        other => panic!("expected one run under {}, found {other:?}", out.display()),
    }
}

#[test]
fn the_binary_changes_rate_and_quits_from_the_dashboard() {
    let dir = temp_dir("tui-pty");
    let out = dir.join("results");
    let exit_file = dir.join("exit");
    let command = format!(
        "'{}' run kv-mixed --no-load --rate 500 --duration 60s --seed 5 --tui --out '{}'; \
         echo $? > '{}'; sleep 300",
        env!("CARGO_BIN_EXE_ringbench"),
        out.display(),
        exit_file.display()
    );
    let session = Tmux::start(100, 30, &command);
    session.wait_for(
        "the running phase at 500 ops/s",
        Duration::from_secs(20),
        |s| s.contains("phase 1/1 'main'") && s.contains("RUNNING") && s.contains("target 500"),
    );
    session.type_keys("+");
    session.wait_for("the new phase at 550 ops/s", Duration::from_secs(10), |s| {
        s.contains("'main (rate 550)'") && s.contains("target 550")
    });
    // At least one interval of the new phase.
    session.wait_for(
        "an interval of the new phase",
        Duration::from_secs(10),
        |s| s.contains("'main (rate 550)' so far (1."),
    );
    session.type_keys("q");
    let deadline = Instant::now() + Duration::from_secs(15);
    let code = loop {
        if let Ok(text) = std::fs::read_to_string(&exit_file) {
            if !text.trim().is_empty() {
                break text.trim().to_string();
            }
        }
        if Instant::now() > deadline {
            panic!("ringbench did not exit after q:\n{}", session.screen());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let summary = session.screen();
    assert_eq!(code, "0", "quitting with q exits 0:\n{summary}");
    assert!(
        summary.contains("main (rate 550)") && !summary.contains("RUNNING"),
        "the terminal is restored and the summary printed:\n{summary}"
    );

    let result = match RunResult::load(&run_dir(&out)) {
        Ok(r) => r,
        Err(e) => panic!("the saved run: {e}"),
    };
    assert_eq!(
        result.status,
        RunStatus::Interrupted,
        "q stops the run early"
    );
    let names: Vec<&str> = result.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["main", "main (rate 550)"]);
    let (before, after) = (&result.phases[0], &result.phases[1]);
    let target = |p: &ringbench::results::PhaseResult| p.target_rate.unwrap_or(0.0);
    assert!(
        (target(before) - 500.0).abs() < 0.5,
        "{:?}",
        before.target_rate
    );
    assert!(
        (target(after) - 550.0).abs() < 0.5,
        "{:?}",
        after.target_rate
    );
    assert!(
        after.start_s >= before.end_s,
        "the new phase starts where the first ended"
    );
    assert!(after.ops > 0 && before.ops > 0);
    let _ = std::fs::remove_dir_all(&dir);
}
