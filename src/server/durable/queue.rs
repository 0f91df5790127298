//! The queue from requests to the committer, which wakes the committer only when it has
//! something to do.
//!
//! A channel wakes its receiver on every send. With 16 clients that is 16 futex wake-ups
//! and 16 context switches of the committer per group commit, all to learn "one more job,
//! keep lingering": measured with `perf` under the 16-connection PUT load, those wake-ups
//! were a quarter of the committer thread's CPU and a tenth of the request threads'. Here
//! the committer, before it sleeps, says how many queued jobs are worth waking it for
//! (the first one when it is idle; every open connection's when it lingers), and a sender
//! wakes it only when its job brings the queue to that count. Lingering is timed in
//! windows instead of per arrival: the committer looks again every [`super::LINGER`] and
//! commits when a whole window brought no job.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// Jobs waiting for the committer (see the module docs).
pub(super) struct Queue<J> {
    state: Mutex<State<J>>,
    ready: Condvar,
}

struct State<J> {
    jobs: Vec<J>,
    /// The sleeping committer wants waking when this many jobs are queued (0: not asleep).
    wake_at: usize,
    /// Every sender is gone: the committer ends once the queue is empty.
    closed: bool,
}

/// When a lingering committer stops waiting and commits.
pub(super) struct Linger {
    /// Commit at once when this many jobs are queued (every open connection has one).
    pub full: usize,
    /// Commit when a window of this length brings no job.
    pub window: std::time::Duration,
    /// Commit at this instant in any case.
    pub deadline: Instant,
}

impl Linger {
    /// Take what is queued at once.
    pub(super) fn none() -> Linger {
        Linger {
            full: 1,
            window: std::time::Duration::ZERO,
            deadline: Instant::now(),
        }
    }
}

impl<J> Queue<J> {
    pub(super) fn new() -> Self {
        Queue {
            state: Mutex::new(State {
                jobs: Vec::new(),
                wake_at: 0,
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State<J>> {
        // Nothing in the state can be left half-updated by a panic.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue a job; wake the committer if this is what it waits for.
    pub(super) fn push(&self, job: J) {
        let mut s = self.state();
        s.jobs.push(job);
        if s.wake_at != 0 && s.jobs.len() >= s.wake_at {
            s.wake_at = 0;
            self.ready.notify_one();
        }
    }

    /// No more jobs will come (the lab is gone).
    pub(super) fn close(&self) {
        self.state().closed = true;
        self.ready.notify_one();
    }

    /// Every job queued now, without waiting.
    pub(super) fn take_all(&self) -> Vec<J> {
        std::mem::take(&mut self.state().jobs)
    }

    /// The next batch, at most `max` jobs: wait for a first job, then linger as
    /// `linger(now)` says (called once the first job is there). `None` once the queue is
    /// closed and empty.
    pub(super) fn next_batch(&self, max: usize, linger: impl Fn() -> Linger) -> Option<Vec<J>> {
        let mut s = self.state();
        while s.jobs.is_empty() {
            if s.closed {
                return None;
            }
            s.wake_at = 1;
            s = self.ready.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        let linger = linger();
        loop {
            let queued = s.jobs.len();
            if queued >= max.min(linger.full) || s.closed {
                break;
            }
            let now = Instant::now();
            if now >= linger.deadline {
                break;
            }
            s.wake_at = linger.full;
            let wait = linger.window.min(linger.deadline - now);
            s = self
                .ready
                .wait_timeout(s, wait)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            s.wake_at = 0;
            if s.jobs.len() == queued {
                // A whole window without a job: the others are not coming soon.
                break;
            }
        }
        let n = s.jobs.len().min(max);
        Some(s.jobs.drain(..n).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    fn linger(full: usize, window_ms: u64, max_ms: u64) -> impl Fn() -> Linger {
        move || Linger {
            full,
            window: Duration::from_millis(window_ms),
            deadline: Instant::now() + Duration::from_millis(max_ms),
        }
    }

    #[test]
    fn a_full_batch_is_taken_without_waiting_out_the_linger() {
        let q = Arc::new(Queue::new());
        let sender = {
            let q = q.clone();
            std::thread::spawn(move || {
                for i in 0..4 {
                    q.push(i);
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        let started = Instant::now();
        // Windows of 1 s: only the fourth job's wake-up ends the wait early.
        let batch = q.next_batch(100, linger(4, 1_000, 10_000)).unwrap();
        assert_eq!(batch, vec![0, 1, 2, 3]);
        assert!(started.elapsed() < Duration::from_millis(900));
        sender.join().unwrap();
    }

    #[test]
    fn a_quiet_window_ends_the_batch_and_the_rest_forms_the_next() {
        let q = Queue::new();
        q.push(1);
        q.push(2);
        // Four connections, but nobody else writes within the window.
        let batch = q.next_batch(100, linger(4, 5, 1_000)).unwrap();
        assert_eq!(batch, vec![1, 2]);
        q.push(3);
        assert_eq!(q.next_batch(100, linger(4, 5, 1_000)).unwrap(), vec![3]);
    }

    #[test]
    fn without_lingering_the_batch_is_what_is_queued() {
        let q = Queue::new();
        q.push(1);
        q.push(2);
        assert_eq!(q.next_batch(100, Linger::none).unwrap(), vec![1, 2]);
    }

    #[test]
    fn a_batch_is_capped_and_the_queue_ends_when_closed_and_empty() {
        let q = Queue::new();
        for i in 0..5 {
            q.push(i);
        }
        assert_eq!(q.next_batch(3, linger(10, 1, 5)).unwrap(), vec![0, 1, 2]);
        q.close();
        assert_eq!(q.next_batch(3, linger(10, 1, 5)).unwrap(), vec![3, 4]);
        assert_eq!(q.next_batch(3, linger(10, 1, 5)), None);
        assert!(q.take_all().is_empty());
    }

    #[test]
    fn an_idle_committer_is_woken_by_the_first_job() {
        let q = Arc::new(Queue::new());
        let waiter = {
            let q = q.clone();
            std::thread::spawn(move || q.next_batch(100, linger(1, 1_000, 10_000)))
        };
        std::thread::sleep(Duration::from_millis(20));
        q.push(7);
        assert_eq!(waiter.join().unwrap(), Some(vec![7]));
    }
}
