//! The guided lessons: a list of the lessons in [`crate::lessons`], each at its own URL
//! (`#/lessons/<slug>`), and the open lesson step by step.
//!
//! The lessons are data; this component only drives them through the lab:
//! - **Run this step** sends the step's request(s) through
//!   [`BrowserLab::send`](super::lab::BrowserLab::send) (so the request log shows them, as
//!   `lesson`), captures values, and checks — what
//!   [`Run::run_step`](crate::lessons::Run::run_step) does natively, but on the lab's own
//!   path, with the lab's clock for `Advance` steps, and in batches that yield to the browser
//!   for `Repeat` steps.
//! - **I did it myself — check** re-checks the step against the state after the learner acted
//!   through the buckets, objects, stack or console; the newest request the learner sent since
//!   the step began stands in for the step's response (and gives the captured values).
//! - **Restart lesson** empties and deletes the lesson's scratch bucket through real requests
//!   (DeleteMultipleObjects with version ids, AbortMultipartUpload, DeleteBucket): the lessons
//!   name their bucket (`lesson-markers`, …) in every request, and several need a bucket that
//!   was never versioned, which only a new bucket is.
//!
//! After each step the lesson's bucket and the key the step touched are selected (the stack
//! panel draws it, animating new entries), and "What changed" lists the entries added,
//! removed or changed since the step began.
//!
//! One file per part: [`route`] (which lesson a URL names), [`saved`] (progress kept across
//! reloads), [`model`] (the panel's state), [`steps`] (running, checking and restarting a
//! step through the lab), and the components: [`panel`] (the panel and its header),
//! [`list`] (the lesson list), [`view`] (the open lesson), [`step_card`] (the current step)
//! and [`feedback`] (the result, its evidence and what changed).

mod feedback;
mod list;
mod model;
mod panel;
mod route;
mod saved;
mod step_card;
mod steps;
mod view;

pub use model::{Busy, Verdict};
pub use panel::LessonsPanel;
pub use route::{lesson_href, lessons, route};
pub use steps::BATCH;
