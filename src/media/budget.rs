//! A byte budget for decoded images, so that memory is bounded by the number of threads and
//! not by the number (or size) of images: a decode is admitted while the bytes of the
//! decodes in flight, its own included, stay within the budget. One image larger than the
//! whole budget runs alone. Admission is first come, first served, so a large image waiting
//! for the others to finish is not overtaken forever by small ones.

use std::sync::{Condvar, Mutex, PoisonError};

/// The default budget: two typical 12-megapixel phone photos decode at once (2 × 36 MB RGB),
/// two near-100-megapixel images never do.
pub(super) const DEFAULT_BUDGET: u64 = 160 * 1024 * 1024;

#[derive(Debug)]
pub(super) struct Budget {
    limit: u64,
    state: Mutex<State>,
    turn: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Bytes admitted and not yet released.
    used: u64,
    /// Decodes in flight.
    holders: usize,
    /// The next ticket to hand out, and the ticket whose turn it is.
    next: u64,
    serving: u64,
    /// The most bytes ever admitted at once (for tests and measurements).
    peak: u64,
}

/// Bytes admitted by [`Budget::acquire`], given back when dropped.
#[derive(Debug)]
pub(super) struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    pub(super) fn new(limit: u64) -> Budget {
        Budget {
            limit,
            state: Mutex::new(State::default()),
            turn: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit (or, if they exceed the whole budget, until nothing else is
    /// in flight), in order of arrival.
    pub(super) fn acquire(&self, bytes: u64) -> Permit<'_> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let ticket = state.next;
        state.next += 1;
        loop {
            let fits = state.holders == 0 || state.used.saturating_add(bytes) <= self.limit;
            if state.serving == ticket && fits {
                break;
            }
            state = self
                .turn
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.serving += 1;
        state.used = state.used.saturating_add(bytes);
        state.holders += 1;
        state.peak = state.peak.max(state.used);
        drop(state);
        // The next ticket may fit too.
        self.turn.notify_all();
        Permit {
            budget: self,
            bytes,
        }
    }

    /// The most bytes admitted at once so far.
    #[cfg(test)]
    pub(super) fn peak(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .peak
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut state = self
            .budget
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.used = state.used.saturating_sub(self.bytes);
        state.holders = state.holders.saturating_sub(1);
        drop(state);
        self.budget.turn.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn decodes_in_flight_stay_within_the_budget_and_a_large_one_runs_alone() {
        let budget = Budget::new(100);
        let in_flight = AtomicU64::new(0);
        let worst = AtomicU64::new(0);
        let sizes = [30, 30, 30, 60, 250, 30, 30, 90, 10, 10];
        std::thread::scope(|s| {
            for &size in &sizes {
                let (budget, in_flight, worst) = (&budget, &in_flight, &worst);
                s.spawn(move || {
                    let _permit = budget.acquire(size);
                    let now = in_flight.fetch_add(size, Ordering::SeqCst) + size;
                    // Over the budget only when this one is alone.
                    if size <= 100 {
                        worst.fetch_max(now, Ordering::SeqCst);
                    } else {
                        assert_eq!(now, size, "an over-budget decode runs alone");
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    in_flight.fetch_sub(size, Ordering::SeqCst);
                });
            }
        });
        assert!(worst.load(Ordering::SeqCst) <= 100);
        assert_eq!(budget.peak(), 250);
        assert_eq!(in_flight.load(Ordering::SeqCst), 0);
    }
}
