//! Lesson 13, "Appends in a versioned bucket": AppendObject grows one version in place; a
//! PutObject on top freezes it as a previous version that can no longer be appended; a delete
//! marker lets a new Appendable version start at position 0 (AppendObject doc, "Versioning";
//! docs/fidelity.md §AppendObject, PostObject and symlinks).

use super::builders::{create_bucket, enable_versioning, expect_error_ec, put, req, step};
use super::{expect, expect_status, Action, Lesson, Outcome, Req, Step};
use crate::engine::{ObjectType, ObjectVersion};

const BUCKET: &str = "lesson-append";
const KEY: &str = "app.log";

/// `?append&position=0`: a new Appendable object (or a wrong position on an existing one).
const AT_0: &[(&str, &str)] = &[("append", ""), ("position", "0")];
/// `?append&position=` the length the previous append answered.
const AT_NEXT: &[(&str, &str)] = &[("append", ""), ("position", "{next}")];

/// AppendObject of `body` with `query` (one of the above).
const fn append(query: &'static [(&'static str, &'static str)], body: &'static str) -> Req {
    Req {
        query,
        headers: &[("content-type", "text/plain")],
        body,
        ..req("POST", "/lesson-append/app.log")
    }
}

/// The version of app.log at `idx` in its stack, newest first (delete markers included).
fn version(o: &Outcome, idx: usize) -> Option<ObjectVersion> {
    let stack = o.engine.bucket(o.bucket).ok()?.stack(KEY)?;
    let n = stack.len();
    let e = stack.entry_at(n.checked_sub(idx + 1)?);
    e.object().cloned()
}

fn text(v: &ObjectVersion) -> String {
    String::from_utf8_lossy(&v.body).into_owned()
}

pub(super) const APPENDS: Lesson = Lesson {
    slug: "appends-and-versions",
    title: "13. Appends in a versioned bucket",
    summary: "AppendObject grows one version in place; an overwrite freezes it as a previous version; a delete marker lets a new appendable object start at 0.",
    bucket: BUCKET,
    steps: &[
        create_bucket("/lesson-append"),
        enable_versioning("/lesson-append"),
        Step {
            capture: &[("v1", "x-oss-version-id"), ("next", "x-oss-next-append-position")],
            ..step(
                "Start an appendable log",
                "AppendObject (POST ?append&position=0; ossutil appendfromfile) on a free key creates an Appendable object. In a versioned bucket it gets a version id like any write, and the answer says where the next append must start: x-oss-next-append-position, the object's length.",
                Action::Request(append(AT_0, "line 1\n")),
                |o| {
                    expect_status(o, 200)?;
                    let v = version(o, 0).ok_or("app.log should exist")?;
                    expect(v.object_type == ObjectType::Appendable, "app.log should be an Appendable object")?;
                    expect(o.header("x-oss-next-append-position") == Some("7"), "the next append position should be 7, the length")
                },
            )
        },
        Step {
            capture: &[("next", "x-oss-next-append-position")],
            ..step(
                "Append a second line",
                "An append at the right position grows the same version: its bytes, CRC-64 and ETag change, its version id does not, and no previous version is created. Look at the stack: still one row, with a bigger next position.",
                Action::Request(append(AT_NEXT, "line 2\n")),
                |o| {
                    let v = version(o, 0).ok_or("app.log should exist")?;
                    expect(text(&v) == "line 1\nline 2\n", "app.log should hold both lines")?;
                    expect(o.stack(KEY).len() == 1, "appending must not create a version: app.log should have one")?;
                    expect(o.header("x-oss-version-id") == Some(o.var("v1")), "the append should answer the same version id")
                },
            )
        },
        step(
            "Append at a wrong position",
            "Position 0 again: OSS refuses with 409 PositionNotEqualToLength and tells the real length in x-oss-next-append-position, so a client can resume (this is how the SDKs recover a lost answer).",
            Action::Request(append(AT_0, "again\n")),
            |o| {
                expect_error_ec(o, 409, "PositionNotEqualToLength", "0026-00000016")?;
                expect(o.header("x-oss-next-append-position") == Some("14"), "the answer should tell the length, 14")
            },
        ),
        Step {
            capture: &[("v2", "x-oss-version-id")],
            ..step(
                "Overwrite it with PutObject",
                "A PutObject on top makes a new (Normal) current version. The Appendable object is kept as a previous version, and it is frozen: only the current version can be appended, and a previous one can never become current-and-appendable again.",
                Action::Request(put("/lesson-append/app.log", "rotated\n")),
                |o| {
                    expect(o.stack(KEY).len() == 2, "app.log should have two versions")?;
                    let old = version(o, 1).ok_or("the previous version should be the appendable one")?;
                    expect(old.object_type == ObjectType::Appendable && !old.can_append(), "the previous version should be Appendable and closed")
                },
            )
        },
        step(
            "Try to append to the new current version",
            "Its current version is Normal: 409 ObjectNotAppendable. No position can fix this; appending would need a new key, or a delete marker first.",
            Action::Request(append(AT_0, "line 3\n")),
            |o| expect_error_ec(o, 409, "ObjectNotAppendable", "0026-00000017"),
        ),
        step(
            "Read the frozen version",
            "GET ?versionId={v1}: the appended bytes are all there, and the object is still of type Appendable (x-oss-object-type), just no longer growable.",
            Action::Request(Req {
                query: &[("versionId", "{v1}")],
                ..req("GET", "/lesson-append/app.log")
            }),
            |o| {
                expect_status(o, 200)?;
                expect(o.body_text() == "line 1\nline 2\n", "the frozen version should hold both lines")?;
                expect(o.header("x-oss-object-type") == Some("Appendable"), "the frozen version should still be Appendable")
            },
        ),
        step(
            "Delete app.log",
            "A DeleteObject without a version id puts a delete marker on top. The key looks free again.",
            Action::Request(req("DELETE", "/lesson-append/app.log")),
            |o| {
                let top = o.stack(KEY).first().cloned().ok_or("app.log should have versions")?;
                expect(top.delete_marker, "a delete marker should be on top of app.log")
            },
        ),
        step(
            "Start a new appendable log at position 0",
            "With a delete marker on top (or no object), AppendObject at position 0 creates a new Appendable version with its own id. The old Appendable version stays frozen below it.",
            Action::Request(append(AT_0, "new log\n")),
            |o| {
                let v = version(o, 0).ok_or("app.log should have a current object version")?;
                expect(v.object_type == ObjectType::Appendable && v.can_append(), "the current version should be a new, open Appendable object")?;
                let top = o.stack(KEY).first().cloned().ok_or("app.log should have versions")?;
                expect(top.version_id != o.var("v1") && top.version_id != o.var("v2"), "the new appendable object should have a new version id")?;
                let old = version(o, 3).ok_or("the first appendable version should still be there")?;
                expect(!old.can_append(), "the first appendable version should stay frozen")
            },
        ),
    ],
};
