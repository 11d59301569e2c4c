//! The HTML report opened in a real browser: headless Chromium (Debian's `chromium`, or
//! $RINGBENCH_CHROMIUM) takes screenshots in light and dark mode and dumps the DOM; the
//! screenshots must be pictures (many colours, mostly not background), show the verdict
//! banner in its status colour, and the page title must be the report's.
//!
//! With RINGBENCH_KEEP_PLOTS set, the page and screenshots are kept to be looked at.
//!
//! Chromium is installed by `scripts/system-tools.sh` when missing (as root); otherwise this
//! test fails and says what to install.

#[path = "report/support.rs"]
mod support;
#[path = "util/system_tools.rs"]
mod system_tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use ringbench::report::plot::{bars, over_time, spectrum, Bar, Line, SpectrumSeries};
use ringbench::report::{html, Plot};
use support::*;

const WINDOW: (u32, u32) = (1200, 900);

fn chromium() -> PathBuf {
    system_tools::chromium()
}

/// Runs Chromium headless on `page` with `extra` flags, stdout to `stdout`; stops it after
/// 60 s.
fn run_chromium(page: &Path, profile: &Path, extra: &[&str], stdout: &Path) {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},{}", WINDOW.0, WINDOW.1))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(stdout).expect("stdout file"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => {
                assert!(status.success(), "chromium {extra:?} exited with {status}");
                return;
            }
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium {extra:?} did not finish within 60 s");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn plots() -> Vec<Plot> {
    let mut h0 = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3).unwrap();
    let mut h1 = h0.clone();
    for i in 1..=5_000u64 {
        h0.record(800 + i / 5).unwrap();
        h1.record(if i % 500 == 0 { 30_000 } else { 900 + i / 4 })
            .unwrap();
    }
    let series = [
        SpectrumSeries {
            label: "base".into(),
            run: 0,
            histogram: &h0,
        },
        SpectrumSeries {
            label: "run B".into(),
            run: 1,
            histogram: &h1,
        },
    ];
    let lines: Vec<Line> = (0..2)
        .map(|run| Line {
            label: format!("run {run} p99"),
            run,
            dashed: true,
            points: (0..60)
                .map(|s| (s as f64, 2.0 + run as f64 + (s % 5) as f64 * 0.3))
                .collect(),
        })
        .collect();
    let node_bars: Vec<Bar> = (0..2)
        .flat_map(|run| {
            (1..=3).map(move |n| Bar {
                group: format!("127.0.0.{n}"),
                label: format!("run {run}"),
                run,
                value: 3.0 + n as f64 * 0.4 + run as f64,
            })
        })
        .collect();
    vec![
        spectrum("read response time by percentile", "spectrum-read", &series).unwrap(),
        over_time(
            "read p99 over time",
            "latency-read",
            "response time (ms)",
            &lines,
        )
        .unwrap(),
        bars(
            "p99 per node",
            "nodes",
            "p99 response time (ms)",
            &node_bars,
        )
        .unwrap(),
    ]
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let browser = chromium();
    let dir = temp_dir("html");
    let page = dir.join("report.html");
    std::fs::write(&page, html::render(&sample_report(plots()))).unwrap();

    let dom = dir.join("dom.html");
    run_chromium(&page, &dir.join("profile-dom"), &["--dump-dom"], &dom);
    let dom = std::fs::read_to_string(&dom).unwrap();
    let start = dom.find("<title>").expect("a <title> in the DOM") + "<title>".len();
    let end = dom[start..].find("</title>").expect("</title>") + start;
    let title = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert_eq!(
        title,
        TITLE,
        "page title as Chromium ({}) sees it",
        browser.display()
    );

    for (mode, flags, background) in [
        ("light", &[][..], [0xff, 0xff, 0xff]),
        ("dark", &["--force-dark-mode"][..], [0x14, 0x17, 0x1c]),
    ] {
        let shot = dir.join(format!("{mode}.png"));
        let screenshot = format!("--screenshot={}", shot.display());
        let mut extra = vec![screenshot.as_str()];
        extra.extend_from_slice(flags);
        run_chromium(
            &page,
            &dir.join(format!("profile-{mode}")),
            &extra,
            &dir.join("out.txt"),
        );
        let image = decode_png(&std::fs::read(&shot).expect("screenshot written"));
        assert_eq!(
            (image.width, image.height),
            WINDOW,
            "{mode} screenshot size"
        );
        let total = image.pixels.len();
        let colours = image.distinct_colours();
        assert!(
            colours > 200,
            "{mode} screenshot has only {colours} colours: blank?"
        );
        let page_background = image.count_near(background, 2);
        assert!(
            page_background > total / 4 && page_background < total * 19 / 20,
            "{mode}: {page_background} of {total} pixels are the page background"
        );
        // The regression verdict banner (CSS --verdict-regression) is on screen.
        let banner = if mode == "dark" {
            [0xc2, 0x36, 0x2b]
        } else {
            [0xb4, 0x23, 0x18]
        };
        let red = image.count_near(banner, 4);
        assert!(
            red > 20_000,
            "{mode}: verdict banner covers only {red} pixels"
        );
    }
    if std::env::var_os("RINGBENCH_KEEP_PLOTS").is_some() {
        eprintln!("report and screenshots kept in {}", dir.display());
    } else {
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
