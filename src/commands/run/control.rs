//! The dashboard's controls as the run applies them: [`Pending`] folds the controls received
//! during a segment (and while it drains) into what happens after it, and [`stop_requested`]
//! turns the run's stop signal into a future for `select!`.

use tokio::sync::watch;

use crate::tui::Control;

/// What the controls received so far ask for after the running segment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pending {
    /// A control ended the segment early.
    pub ended: bool,
    /// Stay paused until a resume.
    pub pause: bool,
    /// Go on at this constant rate.
    pub rate: Option<f64>,
}

impl Pending {
    /// Take `control` into account; true when it ends the running segment.
    pub fn apply(&mut self, control: Control) -> bool {
        let ends = match control {
            Control::Pause => {
                self.pause = true;
                true
            }
            Control::Resume => {
                self.pause = false;
                false
            }
            Control::SetRate(rate) if rate.is_finite() && rate > 0.0 => {
                self.rate = Some(rate);
                true
            }
            Control::SetRate(_) => false,
        };
        self.ended |= ends;
        ends
    }
}

/// Completes once `stop` is true; never if its sender goes away without that.
pub async fn stop_requested(mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_fold_into_what_follows_a_segment() {
        let mut p = Pending::default();
        assert!(
            !p.apply(Control::Resume),
            "resuming a running segment changes nothing"
        );
        assert!(!p.ended);
        assert!(
            !p.apply(Control::SetRate(f64::NAN)),
            "no rate is not a rate"
        );
        assert!(!p.apply(Control::SetRate(0.0)));
        assert!(p.apply(Control::SetRate(1200.0)));
        assert!(p.apply(Control::Pause));
        assert_eq!(
            p,
            Pending {
                ended: true,
                pause: true,
                rate: Some(1200.0)
            }
        );
        p.apply(Control::Resume);
        assert!(
            !p.pause && p.ended,
            "resumed before the next segment started"
        );
    }

    #[tokio::test]
    async fn a_stop_request_completes_once_the_signal_is_true() {
        let (tx, rx) = watch::channel(false);
        let waiting = tokio::spawn(stop_requested(rx));
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        tx.send_replace(true);
        tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
            .await
            .expect("completes")
            .expect("no panic");
    }
}
