//! The progress bar of long runs, and the stage timings of `--verbose`.
//!
//! The pipeline only bumps counters ([`Progress::step`] is two relaxed atomic operations),
//! so watching costs the build nothing measurable. A drawing thread waits [`DELAY`]; if the
//! run is still going by then, it draws an indicatif bar on stderr from the counters ten
//! times a second until the run ends, then clears it. Runs shorter than the delay never
//! show a bar, and no bar is ever drawn unless the caller asked for one (stderr is a
//! terminal and `--quiet` is off).

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::pipeline::{Progress, Stage};

/// How long a run goes before its progress bar appears.
pub(crate) const DELAY: Duration = Duration::from_secs(1);

/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Counters shared with the drawing thread.
#[derive(Debug, Default)]
struct Counters {
    /// 0 = not started, 1 = read, 2 = render, 3 = write, 4 = images.
    stage: AtomicU8,
    done: AtomicUsize,
    /// 0 = unknown.
    total: AtomicUsize,
}

fn stage_number(stage: Stage) -> u8 {
    match stage {
        Stage::Read => 1,
        Stage::Render => 2,
        Stage::Write => 3,
        Stage::Images => 4,
    }
}

/// What a stage is called on the bar and in `--verbose` lines.
fn stage_words(stage: Stage) -> (&'static str, &'static str) {
    match stage {
        Stage::Read => ("Reading", "read and checked"),
        Stage::Render => ("Rendering", "rendered"),
        Stage::Write => ("Replacing the output folder", "replaced the output folder"),
        Stage::Images => ("Images", "processed"),
    }
}

/// One finished stage, for `--verbose`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timing {
    /// Which stage.
    pub stage: Stage,
    /// Steps done (files read, files written).
    pub steps: usize,
    /// How long it took.
    pub elapsed: Duration,
}

impl Timing {
    /// `read and checked 27 files in 0.01 s`.
    pub(crate) fn describe(&self) -> String {
        let (_, done) = stage_words(self.stage);
        let what = match self.stage {
            Stage::Write => String::new(),
            Stage::Images => format!(" {}", crate::diagnostic::plural(self.steps, "image")),
            _ => format!(" {}", crate::diagnostic::plural(self.steps, "file")),
        };
        format!("{done}{what} in {:.2} s", self.elapsed.as_secs_f64())
    }
}

/// Watches a run: counts steps, optionally draws a bar, records stage timings.
pub(crate) struct Reporter {
    counters: Arc<Counters>,
    /// Each stage with when it started and, once over, how many steps it took.
    stages: Mutex<Vec<(Stage, Instant, usize)>>,
    drawing: Option<(Sender<()>, JoinHandle<()>)>,
}

impl Reporter {
    /// A reporter; with `bar`, a progress bar appears on stderr after [`DELAY`].
    pub(crate) fn new(bar: bool) -> Self {
        let counters = Arc::new(Counters::default());
        let drawing = bar.then(|| {
            let (tx, rx) = mpsc::channel::<()>();
            let c = Arc::clone(&counters);
            let handle = std::thread::spawn(move || {
                if rx.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                    return;
                }
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                loop {
                    draw(&bar, &c);
                    if rx.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                        break;
                    }
                }
                bar.finish_and_clear();
            });
            (tx, handle)
        });
        Reporter {
            counters,
            stages: Mutex::new(Vec::new()),
            drawing,
        }
    }

    /// Ends the run: removes the bar and returns the timing of each stage.
    pub(crate) fn finish(mut self) -> Vec<Timing> {
        self.stop();
        let now = Instant::now();
        let done = self.counters.done.load(Ordering::Relaxed);
        let mut stages = self.stages.lock().map(|s| s.clone()).unwrap_or_default();
        if let Some(last) = stages.last_mut() {
            last.2 = done;
        }
        let ends: Vec<Instant> = stages
            .iter()
            .skip(1)
            .map(|s| s.1)
            .chain(std::iter::once(now))
            .collect();
        stages
            .iter()
            .zip(ends)
            .map(|(&(stage, started, steps), ended)| Timing {
                stage,
                steps,
                elapsed: ended.saturating_duration_since(started),
            })
            .collect()
    }

    fn stop(&mut self) {
        if let Some((tx, handle)) = self.drawing.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.stop();
    }
}

fn draw(bar: &ProgressBar, c: &Counters) {
    let stage = match c.stage.load(Ordering::Relaxed) {
        1 => Stage::Read,
        2 => Stage::Render,
        3 => Stage::Write,
        4 => Stage::Images,
        _ => return,
    };
    let (word, _) = stage_words(stage);
    let total = c.total.load(Ordering::Relaxed);
    let done = c.done.load(Ordering::Relaxed);
    let template = if stage == Stage::Write {
        "{spinner} {msg}"
    } else if stage == Stage::Images {
        "{spinner} {msg:9} [{bar:30}] {pos}/{len} images"
    } else if total > 0 {
        "{spinner} {msg:9} [{bar:30}] {pos}/{len} files"
    } else {
        "{spinner} {msg:9} {pos} files"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(word);
    if total > 0 {
        bar.set_length(total as u64);
    } else {
        bar.unset_length();
    }
    bar.set_position(if total > 0 { done.min(total) } else { done } as u64);
    bar.tick();
}

impl Progress for Reporter {
    fn stage(&self, stage: Stage, total: Option<usize>) {
        if let Ok(mut stages) = self.stages.lock() {
            if let Some(last) = stages.last_mut() {
                last.2 = self.counters.done.load(Ordering::Relaxed);
            }
            stages.push((stage, Instant::now(), 0));
        }
        self.counters.done.store(0, Ordering::Relaxed);
        self.counters
            .total
            .store(total.unwrap_or(0), Ordering::Relaxed);
        self.counters
            .stage
            .store(stage_number(stage), Ordering::Relaxed);
    }

    fn step(&self) {
        self.counters.done.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_steps_and_times_per_stage_without_a_bar() {
        let r = Reporter::new(false);
        r.stage(Stage::Read, None);
        for _ in 0..3 {
            r.step();
        }
        r.stage(Stage::Render, Some(5));
        for _ in 0..5 {
            r.step();
        }
        let t = r.finish();
        assert_eq!(
            t.iter().map(|t| (t.stage, t.steps)).collect::<Vec<_>>(),
            vec![(Stage::Read, 3), (Stage::Render, 5)]
        );
        assert!(t[0].describe().starts_with("read and checked 3 files in "));
    }

    #[test]
    fn a_short_run_ends_at_once_and_draws_nothing() {
        let started = Instant::now();
        let r = Reporter::new(true);
        r.stage(Stage::Read, None);
        r.step();
        r.finish();
        assert!(
            started.elapsed() < DELAY,
            "finishing must not wait for the bar"
        );
    }
}
