//! CPU time this process has used, so that a run can tell whether the client itself was the
//! bottleneck (the measurement contract's rule 7): the result records it, and the summary warns
//! when the client used nearly all the cores it had.

use std::time::Duration;

/// User + system CPU time of this process (all threads) since it started; `None` where it cannot
/// be read (non-Linux systems).
///
/// Read from `/proc/self/stat` (fields 14 and 15, in clock ticks). Linux exports these in
/// `USER_HZ` units, which is 100 on every architecture Linux supports, so no `sysconf` call is
/// needed.
pub fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_stat(&stat)
}

/// Ticks per second of `/proc/<pid>/stat` times (`USER_HZ`).
const USER_HZ: u64 = 100;

fn parse_stat(stat: &str) -> Option<Duration> {
    // The command name (field 2) is in parentheses and may contain spaces: start after the
    // last ')'. What follows is field 3 (state) onwards.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let mut fields = rest.split_whitespace();
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    let ticks = utime.checked_add(stime)?;
    Some(Duration::from_millis(ticks.checked_mul(1000 / USER_HZ)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_and_system_ticks_after_an_odd_command_name() {
        // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime ...
        let stat = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 250 125 0 0 20 0";
        assert_eq!(parse_stat(stat), Some(Duration::from_millis(3750)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        if cfg!(target_os = "linux") {
            let spent = process_cpu_time().expect("/proc/self/stat is readable on Linux");
            assert!(spent < Duration::from_secs(24 * 3600));
        }
    }
}
