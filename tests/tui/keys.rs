//! Key handling as pure state transitions: a key and the time in, the new state and what
//! the run or the replay must do out.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ringbench::tui::keys::{
    Action, KeyContext, LatencyKind, PercentileSet, Scale, MIN_RATE, RATE_SETTLE, RATE_STEP,
};
use ringbench::tui::{Control, Ui};

use super::support::{ctrl, key, t0};

const LIVE: KeyContext = KeyContext {
    live: true,
    rate: Some(1_000.0),
    operations: 2,
};

const SAVED: KeyContext = KeyContext {
    live: false,
    rate: Some(1_000.0),
    operations: 2,
};

fn set_rate(action: Option<Action>) -> f64 {
    match action {
        Some(Action::Control(Control::SetRate(r))) => r,
        other => panic!("expected a rate change, got {other:?}"),
    }
}

#[test]
fn space_pauses_and_resumes() {
    let mut ui = Ui::default();
    let now = t0();
    assert_eq!(
        ui.key(key(KeyCode::Char(' ')), &LIVE, now),
        Some(Action::Control(Control::Pause))
    );
    assert!(ui.paused);
    assert_eq!(
        ui.key(key(KeyCode::Char('p')), &LIVE, now),
        Some(Action::Control(Control::Resume))
    );
    assert!(!ui.paused);
    // Key releases (kitty protocol) are not presses.
    let release = KeyEvent::new_with_kind(
        KeyCode::Char(' '),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(ui.key(release, &LIVE, now), None);
}

#[test]
fn plus_and_minus_settle_into_one_rate_change() {
    let mut ui = Ui::default();
    let now = t0();
    assert_eq!(ui.key(key(KeyCode::Char('+')), &LIVE, now), None);
    assert_eq!(ui.key(key(KeyCode::Char('+')), &LIVE, now), None);
    assert_eq!(ui.key(key(KeyCode::Char('-')), &LIVE, now), None);
    assert_eq!(ui.due(now + RATE_SETTLE / 2), None, "still settling");
    let expected = 1_000.0 * (1.0 + RATE_STEP) * (1.0 + RATE_STEP) * (1.0 - RATE_STEP);
    let sent = set_rate(ui.due(now + RATE_SETTLE));
    assert!((sent - expected).abs() < 1e-9, "{sent} vs {expected}");
    assert_eq!(ui.pending_rate, None);
    assert_eq!(ui.due(now + RATE_SETTLE * 3), None, "sent once");

    // Nothing to start from: a note instead.
    let unknown = KeyContext { rate: None, ..LIVE };
    assert_eq!(ui.key(key(KeyCode::Char('+')), &unknown, now), None);
    assert!(ui.message.is_some() && ui.pending_rate.is_none());
    // Never below the lowest rate.
    let slow = KeyContext {
        rate: Some(1.0),
        ..LIVE
    };
    ui.key(key(KeyCode::Char('-')), &slow, now);
    assert_eq!(set_rate(ui.due(now + RATE_SETTLE)), MIN_RATE);
}

#[test]
fn an_exact_rate_is_typed() {
    let mut ui = Ui::default();
    let now = t0();
    for c in ['r', '1', '2', 'x', '.', '5', 'k'] {
        assert_eq!(ui.key(key(KeyCode::Char(c)), &LIVE, now), None);
    }
    assert_eq!(
        ui.input.as_deref(),
        Some("12.5k"),
        "letters other than k / m are ignored"
    );
    ui.key(key(KeyCode::Backspace), &LIVE, now);
    ui.key(key(KeyCode::Char('k')), &LIVE, now);
    assert_eq!(set_rate(ui.key(key(KeyCode::Enter), &LIVE, now)), 12_500.0);
    assert_eq!(ui.input, None);
    // A bad one is refused with the parser's message; Esc cancels.
    for code in [KeyCode::Char('r'), KeyCode::Char('k'), KeyCode::Enter] {
        assert_eq!(ui.key(key(code), &LIVE, now), None);
    }
    assert!(
        ui.message
            .as_deref()
            .is_some_and(|m| m.contains("not a positive number")),
        "{:?}",
        ui.message
    );
    ui.key(key(KeyCode::Char('r')), &LIVE, now);
    ui.key(key(KeyCode::Esc), &LIVE, now);
    assert_eq!(ui.input, None);
    assert!(
        !ui.stopping,
        "Esc in the rate field cancels it, it does not quit"
    );
}

#[test]
fn quitting_and_the_help() {
    let now = t0();
    let mut ui = Ui::default();
    ui.key(key(KeyCode::Char('?')), &LIVE, now);
    assert!(ui.help);
    assert_eq!(
        ui.key(key(KeyCode::Esc), &LIVE, now),
        None,
        "Esc closes the help first"
    );
    assert!(!ui.help && !ui.stopping);
    assert_eq!(
        ui.key(key(KeyCode::Char('q')), &LIVE, now),
        Some(Action::Quit { ctrl_c: false })
    );
    assert!(ui.stopping);
    assert_eq!(
        ui.key(key(KeyCode::Char(' ')), &LIVE, now),
        None,
        "no controls while stopping"
    );
    let mut ui = Ui::default();
    ui.key(key(KeyCode::Char('r')), &LIVE, now);
    assert_eq!(
        ui.key(ctrl('c'), &LIVE, now),
        Some(Action::Quit { ctrl_c: true }),
        "Ctrl-C always quits"
    );
    let mut ui = Ui::default();
    assert_eq!(
        ui.key(key(KeyCode::Esc), &SAVED, now),
        Some(Action::Quit { ctrl_c: false })
    );
}

#[test]
fn views_toggle_and_operations_cycle() {
    let now = t0();
    let mut ui = Ui::default();
    assert_eq!(
        (ui.percentiles, ui.scale, ui.kind),
        (PercentileSet::Tail, Scale::Linear, LatencyKind::Response)
    );
    for c in ['t', 'l', 's'] {
        ui.key(key(KeyCode::Char(c)), &LIVE, now);
    }
    assert_eq!(
        (ui.percentiles, ui.scale, ui.kind),
        (PercentileSet::Wide, Scale::Log, LatencyKind::Service)
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        ui.key(key(KeyCode::Char('o')), &LIVE, now);
        seen.push(ui.selected);
    }
    assert_eq!(seen, [Some(0), Some(1), None, Some(0)]);
    ui.key(key(KeyCode::Up), &LIVE, now);
    ui.key(key(KeyCode::BackTab), &LIVE, now);
    assert_eq!(ui.selected, Some(1), "back from 0 to all, then to the last");
}

#[test]
fn a_saved_run_scrubs_and_refuses_controls() {
    let now = t0();
    let mut ui = Ui::default();
    let keys = [
        (KeyCode::Left, Action::Scrub(-1)),
        (KeyCode::Right, Action::Scrub(1)),
        (KeyCode::PageUp, Action::Scrub(-10)),
        (KeyCode::PageDown, Action::Scrub(10)),
        (KeyCode::Home, Action::ScrubToEnd(false)),
        (KeyCode::End, Action::ScrubToEnd(true)),
    ];
    for (code, action) in keys {
        assert_eq!(ui.key(key(code), &SAVED, now), Some(action), "{code:?}");
    }
    for c in [' ', '+', 'r'] {
        assert_eq!(ui.key(key(KeyCode::Char(c)), &SAVED, now), None);
        assert!(
            ui.message.is_some(),
            "'{c}' on a saved run says why nothing happens"
        );
        assert_eq!(
            (ui.paused, ui.pending_rate, ui.input.clone()),
            (false, None, None)
        );
    }
    assert_eq!(
        ui.key(key(KeyCode::Left), &LIVE, now),
        None,
        "a live run does not scrub"
    );
}
