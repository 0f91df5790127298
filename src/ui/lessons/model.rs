//! The lessons panel's state: each lesson's progress (the run, the bucket before the step,
//! the last verdict), shared by the list and the open lesson.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::route::lessons;
use super::saved::{load_saved, store_saved, SavedRun};
use crate::lessons::changes::{BucketPicture, ChangeLine};
use crate::lessons::{Lesson, Run};
use crate::ui::lab::BrowserLab;
use crate::ui::state::LabCtx;

/// What the last "Run" or "check" of a step said.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The step it is about (0-based).
    pub step: usize,
    pub passed: bool,
    /// The check's explanation when it failed.
    pub message: String,
    /// From "I did it myself — check" rather than "Run this step".
    pub manual: bool,
    /// The response the check looked at: status, telling headers and the part of the body
    /// that proves the step's point.
    pub response: Option<String>,
    pub changes: Vec<ChangeLine>,
}

/// One lesson's progress.
pub(super) struct Progress {
    pub(super) run: Run<'static>,
    /// The bucket when the current step began: "What changed" compares with it.
    pub(super) before: BucketPicture,
    /// The newest log entry when the current step began: later ones are the learner's.
    pub(super) log_mark: u64,
    pub(super) verdict: Option<Verdict>,
    /// Said once after a restart.
    pub(super) restarted: Option<String>,
}

impl Progress {
    pub(super) fn new(lesson: &'static Lesson, lab: &BrowserLab, saved: Option<&SavedRun>) -> Self {
        let run = match saved {
            Some(s) => Run::resume(lesson, s.next, s.vars.clone()),
            None => Run::new(lesson),
        };
        Progress {
            run,
            before: BucketPicture::of(&lab.engine, lesson.bucket),
            log_mark: newest_log_id(lab),
            verdict: None,
            restarted: None,
        }
    }
}

pub(super) fn newest_log_id(lab: &BrowserLab) -> u64 {
    lab.log.front().map_or(0, |e| e.id)
}

/// A long-running step or restart, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Busy {
    pub label: String,
    pub done: u32,
    pub total: u32,
}

/// The panel's state: shared by the list and the open lesson.
#[derive(Clone, Copy)]
pub(super) struct Model {
    pub(super) lab: LabCtx,
    progress: StoredValue<Vec<Option<Progress>>, LocalStorage>,
    saved: StoredValue<BTreeMap<String, SavedRun>>,
    /// Bumped whenever `progress` changed.
    version: RwSignal<u64>,
    pub(super) open: RwSignal<Option<usize>>,
    pub(super) busy: RwSignal<Option<Busy>>,
}

impl Model {
    pub(super) fn new(lab: LabCtx) -> Self {
        Model {
            lab,
            progress: StoredValue::new_local((0..lessons().len()).map(|_| None).collect()),
            saved: StoredValue::new(load_saved()),
            version: RwSignal::new(0),
            open: RwSignal::new(None),
            busy: RwSignal::new(None),
        }
    }

    /// Read lesson `i`'s progress (created on first use), re-running when it changes.
    pub(super) fn read<R>(&self, i: usize, f: impl FnOnce(&Progress) -> R) -> R {
        self.version.track();
        self.with_mut_quiet(i, |p| f(p))
    }

    /// The same without subscribing (event handlers, tasks).
    pub(super) fn peek<R>(&self, i: usize, f: impl FnOnce(&Progress) -> R) -> R {
        self.with_mut_quiet(i, |p| f(p))
    }

    fn with_mut_quiet<R>(&self, i: usize, f: impl FnOnce(&mut Progress) -> R) -> R {
        let lab = self.lab;
        let lesson = &lessons()[i];
        let saved = self.saved.with_value(|s| s.get(lesson.slug).cloned());
        self.progress
            .try_update_value(|all| {
                let p = all[i].get_or_insert_with(|| {
                    lab.read_untracked(|l| Progress::new(lesson, l, saved.as_ref()))
                });
                f(p)
            })
            .expect("lessons alive")
    }

    /// Change lesson `i`'s progress, redraw, and keep where it stands across reloads.
    pub(super) fn update<R>(&self, i: usize, f: impl FnOnce(&mut Progress) -> R) -> R {
        let r = self.with_mut_quiet(i, f);
        let now = self.peek(i, |p| SavedRun {
            next: p.run.next,
            vars: p.run.vars.clone(),
        });
        let slug = lessons()[i].slug.to_string();
        self.saved.update_value(|s| {
            if now == SavedRun::default() {
                s.remove(&slug);
            } else {
                s.insert(slug, now);
            }
            store_saved(s);
        });
        self.version.update(|v| *v += 1);
        r
    }

    /// Where lesson `i` stands without creating its progress: (next step, done).
    pub(super) fn status(&self, i: usize) -> Option<(usize, bool)> {
        self.version.track();
        let lesson = &lessons()[i];
        let live = self
            .progress
            .with_value(|all| all[i].as_ref().map(|p| p.run.next));
        let next = live.or_else(|| {
            self.saved
                .with_value(|s| s.get(lesson.slug).map(|r| r.next))
        })?;
        (next > 0).then_some((next, next >= lesson.steps.len()))
    }
}
