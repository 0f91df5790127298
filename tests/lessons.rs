//! Every lesson runs end to end through the wire layer, and every step's check really
//! checks: skipping the step's action (the learner did not do it) makes it fail.

#![cfg(not(target_arch = "wasm32"))]

use osslab::engine::Engine;
use osslab::lessons::{all, Action, Run};
use osslab::wire::{Wire, WireConfig};

const T0: i64 = 1_767_261_600_000; // 2026-01-01T10:00:00Z

fn lab() -> (Engine, Wire) {
    (Engine::new(T0), Wire::new(WireConfig::default()))
}

#[test]
fn every_lesson_completes() {
    let lessons = all();
    assert_eq!(lessons.len(), 13);
    for lesson in lessons {
        let (mut engine, mut wire) = lab();
        let mut run = Run::new(lesson);
        while !run.done() {
            let title = lesson.steps[run.next].title;
            let report = run.run_step(&mut engine, &mut wire).unwrap();
            if let Err(why) = report.check {
                panic!("{} / {title}: {why}", lesson.slug);
            }
        }
    }
}

#[test]
fn every_check_fails_when_its_step_is_skipped() {
    for lesson in all() {
        for skip in 0..lesson.steps.len() {
            if matches!(lesson.steps[skip].action, Action::Observe) {
                continue; // nothing to skip: the check inspects what earlier steps did
            }
            let (mut engine, mut wire) = lab();
            let mut run = Run::new(lesson);
            for _ in 0..skip {
                run.run_step(&mut engine, &mut wire).unwrap().check.unwrap();
            }
            // The learner does not do step `skip`: checking the state as it is must fail.
            assert!(
                run.check(&engine).is_err(),
                "{} step {skip} ({}) passes without being done",
                lesson.slug,
                lesson.steps[skip].title
            );
        }
    }
}

#[test]
fn slugs_and_buckets_are_unique_and_valid() {
    let lessons = all();
    let mut slugs: Vec<_> = lessons.iter().map(|l| l.slug).collect();
    let mut buckets: Vec<_> = lessons.iter().map(|l| l.bucket).collect();
    slugs.sort_unstable();
    slugs.dedup();
    buckets.sort_unstable();
    buckets.dedup();
    assert_eq!((slugs.len(), buckets.len()), (lessons.len(), lessons.len()));
    for b in buckets {
        osslab::engine::bucket::validate_bucket_name(b).unwrap();
    }
}
