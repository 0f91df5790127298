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

/// Runs `lesson` natively until the step titled `title` is next.
fn run_until<'l>(
    lesson: &'l osslab::lessons::Lesson,
    title: &str,
    engine: &mut Engine,
    wire: &mut Wire,
) -> Run<'l> {
    let mut run = Run::new(lesson);
    while lesson.steps[run.next].title != title {
        run.run_step(engine, wire).unwrap().check.unwrap();
    }
    run
}

fn lesson(slug: &str) -> &'static osslab::lessons::Lesson {
    all().iter().find(|l| l.slug == slug).unwrap()
}

#[test]
fn a_check_judges_the_request_its_step_names() {
    // "GET without a version id" is not passed by a GET of the current version BY id.
    let (mut engine, mut wire) = lab();
    let mut run = run_until(
        lesson("versioning-basics"),
        "GET without a version id",
        &mut engine,
        &mut wire,
    );
    let mut by_id = run.wanted().unwrap();
    by_id
        .query
        .push(("versionId".into(), run.vars["v3"].clone()));
    let resp = wire.handle(&mut engine, &by_id);
    assert_eq!(resp.status, 200, "the request itself succeeds");
    run.answered(by_id, resp);
    let why = run.check(&engine).unwrap_err();
    assert!(why.contains("versionId"), "{why}");
    // The step's own request passes.
    let plain = run.wanted().unwrap();
    let resp = wire.handle(&mut engine, &plain);
    run.answered(plain, resp);
    run.check(&engine).unwrap();

    // "GET it" is not passed by a HEAD (ossutil stat), though both answer 404 NoSuchKey.
    let (mut engine, mut wire) = lab();
    let mut run = run_until(lesson("delete-markers"), "GET it", &mut engine, &mut wire);
    let mut head = run.wanted().unwrap();
    head.method = "HEAD".into();
    let resp = wire.handle(&mut engine, &head);
    assert_eq!(resp.status, 404);
    run.answered(head, resp);
    let why = run.check(&engine).unwrap_err();
    assert!(why.contains("HEAD is not GET"), "{why}");
    assert_eq!(lesson("delete-markers").steps[run.next].title, "GET it");
}

#[test]
fn a_run_resumes_where_it_stood() {
    let (mut engine, mut wire) = lab();
    let basics = lesson("versioning-basics");
    let run = run_until(basics, "GET an older version", &mut engine, &mut wire);
    // A reloaded page keeps the step and the captured ids; the lab keeps the state.
    let mut resumed = Run::resume(basics, run.next, run.vars.clone());
    let report = resumed.run_step(&mut engine, &mut wire).unwrap();
    report.check.unwrap();
    assert!(resumed.done());
    assert_eq!(
        Run::resume(basics, 99, Default::default()).next,
        basics.steps.len()
    );
}

#[test]
fn time_lessons_say_they_control_the_clock() {
    let timed: Vec<&str> = all()
        .iter()
        .filter(|l| l.controls_clock())
        .map(|l| l.slug)
        .collect();
    assert_eq!(
        timed,
        [
            "archive-restore",
            "clean-restored-object",
            "lifecycle-versions",
            "what-versions-cost"
        ]
    );
}
