//! Programs from Debian's packages that some tests drive (headless Chromium, tmux): found, or
//! installed once by `scripts/system-tools.sh` (as tests/compat.rs creates its virtualenv), so
//! that `cargo test` works on a fresh machine. When that fails the test fails with the fix.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run `scripts/system-tools.sh TOOL` (a no-op when TOOL is there) and panic with its output
/// when it cannot provide TOOL.
pub fn ensure(tool: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/system-tools.sh");
    let output = Command::new("bash").arg(&script).arg(tool).output();
    match output {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "{tool} is needed by this test and {} could not provide it:\n{}{}",
            script.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("cannot run {}: {e}", script.display()),
    }
}

/// Headless Chromium: $RINGBENCH_CHROMIUM, else Debian's /usr/bin/chromium (installed when
/// missing).
pub fn chromium() -> PathBuf {
    ensure("chromium");
    std::env::var_os("RINGBENCH_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}
