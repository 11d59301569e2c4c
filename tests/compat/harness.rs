//! Plumbing for the compatibility tests: the Python virtualenv, a `ringbench serve` child
//! process that is killed on drop, running a client with a deadline, and a readable diff.
//!
//! The tests drive the real binary (not the library) because that is what a user of cqlsh or
//! the Python driver talks to.

use std::io::{BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The tests' own directory: `tests/compat/`.
pub fn compat_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("compat")
}

/// The virtualenv made by `scripts/python-env.sh`: `$CARGO_TARGET_DIR/pyenv`, else the target
/// dir this test binary was built into, else `./target/pyenv`. When none exists, runs the
/// script once (so `cargo test` works on a fresh machine); panics with the fix if that fails.
pub fn venv() -> PathBuf {
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let candidates = venv_candidates();
    if let Some(venv) = find_venv(&candidates) {
        return venv;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/python-env.sh");
    let target = Path::new(env!("CARGO_BIN_EXE_ringbench"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    eprintln!(
        "compat: no Python virtualenv yet; running {}",
        script.display()
    );
    let output = std::process::Command::new("bash")
        .arg(&script)
        .env("CARGO_TARGET_DIR", &target)
        .output();
    if let Some(venv) = find_venv(&venv_candidates()) {
        return venv;
    }
    let detail = match output {
        Ok(out) => format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => format!("could not run bash: {e}"),
    };
    panic!(
        "the Python virtualenv with cassandra-driver and cqlsh is missing (looked in {candidates:?}) \
         and scripts/python-env.sh could not create it:\n{detail}\n\
         Fix the cause above (python3 with the venv module and PyPI access are needed), then run \
         scripts/python-env.sh"
    );
}

fn venv_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        let dir = if dir.is_relative() {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
        } else {
            dir
        };
        candidates.push(dir.join("pyenv"));
    }
    // <target>/debug/ringbench (or <target>/<triple>/debug/ringbench)
    let bin = Path::new(env!("CARGO_BIN_EXE_ringbench"));
    candidates.extend(bin.ancestors().skip(2).take(2).map(|dir| dir.join("pyenv")));
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("pyenv"),
    );
    candidates
}

fn find_venv(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates
        .iter()
        .find(|v| v.join("bin").join("python").exists() && v.join("bin").join("cqlsh").exists())
        .cloned()
}

/// A `ringbench serve` child process; killed (and reaped) on drop.
pub struct Server {
    child: Child,
    /// The address of each node, as printed by the server.
    pub nodes: Vec<SocketAddr>,
    log: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `ringbench serve --nodes N --listen 127.0.0.1 --port P` on a free port and waits
    /// until it has printed the listen line of every node.
    pub fn start(nodes: usize) -> Server {
        let mut last_error = String::new();
        for _ in 0..3 {
            match Self::try_start(nodes, free_port()) {
                Ok(server) => return server,
                Err(err) => last_error = err,
            }
        }
        panic!("could not start `ringbench serve` (3 tries): {last_error}");
    }

    fn try_start(nodes: usize, port: u16) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ringbench"))
            .args([
                "serve",
                "--nodes",
                &nodes.to_string(),
                "--listen",
                "127.0.0.1",
            ])
            .args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|err| format!("spawning {}: {err}", env!("CARGO_BIN_EXE_ringbench")))?;
        let (tx, log) = mpsc::channel();
        forward_lines(child.stdout.take(), tx.clone(), "");
        forward_lines(child.stderr.take(), tx, "stderr: ");
        let mut server = Server {
            child,
            nodes: Vec::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while server.nodes.len() < nodes {
            let left = deadline.saturating_duration_since(Instant::now());
            match server.log.recv_timeout(left) {
                Ok(line) => {
                    if let Some(addr) = parse_listen_line(&line) {
                        server.nodes.push(addr);
                    }
                    seen.push(line);
                }
                Err(err) => {
                    let why = match err {
                        mpsc::RecvTimeoutError::Timeout => "no listen line within 30 s",
                        mpsc::RecvTimeoutError::Disconnected => "the server closed its output",
                    };
                    let status = server.child.try_wait().ok().flatten();
                    return Err(format!(
                        "{why}: {} of {nodes} node(s) listening, exit status {status:?}; output:\n{}",
                        server.nodes.len(),
                        seen.join("\n")
                    ));
                }
            }
        }
        Ok(server)
    }

    /// The port every node listens on.
    pub fn port(&self) -> u16 {
        self.nodes.first().map(|a| a.port()).unwrap_or_default()
    }

    /// Everything the server printed so far (for failure messages).
    pub fn output(&self) -> String {
        self.log.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// "node 1: 127.0.0.1:9042 (datacenter1, rack1)" -> 127.0.0.1:9042
fn parse_listen_line(line: &str) -> Option<SocketAddr> {
    let rest = line.trim().strip_prefix("node ")?;
    let (_, rest) = rest.split_once(": ")?;
    rest.split_whitespace().next()?.parse().ok()
}

fn forward_lines(
    pipe: Option<impl Read + Send + 'static>,
    tx: mpsc::Sender<String>,
    prefix: &'static str,
) {
    if let Some(pipe) = pipe {
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if tx.send(format!("{prefix}{line}")).is_err() {
                    break;
                }
            }
        });
    }
}

/// A port that was free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(19042)
}

/// What a client process did.
pub struct Outcome {
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// Exit status, stdout and stderr, for a failure message.
    pub fn report(&self) -> String {
        let status = match self.status {
            Some(s) => format!("{s}"),
            None => "killed after the deadline".to_string(),
        };
        format!(
            "exit status: {status}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        )
    }
}

/// Runs `cmd` to completion, killing it after `deadline`.
pub fn run(mut cmd: Command, deadline: Duration) -> Outcome {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {cmd:?}: {err}"));
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let end = Instant::now() + deadline;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < end => thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    Outcome {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn read_all(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// Expected and actual side by side from the first differing line, with a little context.
pub fn diff(expected: &[String], actual: &[String]) -> Option<String> {
    let first =
        (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i))?;
    let from = first.saturating_sub(3);
    let to = (first + 8).min(expected.len().max(actual.len()));
    let mut out = format!("first difference at line {}:\n", first + 1);
    for i in from..to {
        let mark = if expected.get(i) == actual.get(i) {
            ' '
        } else {
            '!'
        };
        out.push_str(&format!(
            "{mark} {:>4} expected: {:?}\n{mark} {:>4} actual:   {:?}\n",
            i + 1,
            expected.get(i).map(String::as_str).unwrap_or("<end>"),
            i + 1,
            actual.get(i).map(String::as_str).unwrap_or("<end>"),
        ));
    }
    Some(out)
}
