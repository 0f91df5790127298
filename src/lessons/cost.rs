//! Lesson 12, "What versions cost": the storage bill of a versioned key uploaded daily, a
//! noncurrent-version expiration rule flattening it, and a Cold Archive restore's replica
//! stopped by CleanRestoredObject (docs/fidelity.md, "What versions cost").

use super::builders::{
    create_bucket, enable_versioning, expect_versions, put, req, step, with_headers, with_query,
};
use super::{expect, expect_status, Action, Lesson, Outcome, Req};
use crate::engine::archive::{status, RestoreStatus};
use crate::engine::meter::Line;
use crate::engine::{StorageClass, HOUR};

const BUCKET: &str = "lesson-cost";
/// A day's report: about 200 bytes.
const REPORT: &str = "date,region,orders,revenue\n\
day {i},cn-hangzhou,1024,88231.50\nday {i},cn-shanghai,977,80112.25\n\
day {i},cn-beijing,1301,99870.00\nday {i},cn-shenzhen,845,70010.75\n";
const COLD: &str = "an archived year of reports, kept for the auditors";

const NONCURRENT_RULE: &str = "<LifecycleConfiguration>\
<Rule><ID>expire-old-reports</ID><Prefix></Prefix><Status>Enabled</Status>\
<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule>\
</LifecycleConfiguration>";

/// Billable bytes stored now on `line` (all classes).
fn stored(o: &Outcome, line: Line) -> u64 {
    o.engine
        .meter()
        .bucket(o.bucket)
        .map(|m| m.stored_at(o.engine.now()))
        .unwrap_or_default()
        .iter()
        .filter(|s| s.1 == line)
        .map(|s| s.2)
        .sum()
}

/// Byte-milliseconds billed so far for the restored replica of Cold Archive objects.
fn replica(o: &Outcome) -> u128 {
    o.engine
        .meter()
        .usage_at(o.bucket, o.engine.now())
        .get(StorageClass::ColdArchive, Line::Replica)
}

fn cold_status(o: &Outcome) -> Option<RestoreStatus> {
    let b = o.engine.bucket(o.bucket).ok()?;
    let obj = b.stack("cold.bin")?.current()?.object()?.clone();
    Some(status(&obj, o.engine.now()))
}

pub(super) const COST: Lesson = Lesson {
    slug: "what-versions-cost",
    title: "12. What versions cost",
    summary: "Every version is billed storage: watch a daily upload's bill grow, flatten it with a lifecycle rule, and stop a restored replica's charge.",
    bucket: BUCKET,
    steps: &[
        create_bucket("/lesson-cost"),
        enable_versioning("/lesson-cost"),
        step(
            "Upload a report every day for 30 days",
            "One upload of report.csv a day, a virtual day apart. Versioning keeps every one: after a month the key has 30 versions, and OSS bills the storage of all of them, hour by hour (noncurrent versions cost the same as the current one).",
            Action::Daily { req: put("/lesson-cost/report.csv", REPORT), days: 30 },
            |o| {
                expect_versions(o, "report.csv", 30)?;
                expect(stored(o, Line::Noncurrent) > 0, "29 noncurrent versions should be on the bill")
            },
        ),
        step(
            "Read the bill",
            "GET /_osslab/bill?bucket=lesson-cost (osslab's endpoint; the Bill panel shows the same): storage by class and by current / noncurrent, in byte-hours and, where a list price is known, in money. The noncurrent line grows every day a new version pushes the previous one down.",
            Action::Request(with_query(req("GET", "/_osslab/bill"), &[("bucket", BUCKET)])),
            |o| {
                expect_status(o, 200)?;
                expect(o.body_text().contains("\"noncurrent\""), "the bill should have a noncurrent line")
            },
        ),
        step(
            "Add a noncurrent-version expiration rule",
            "PutBucketLifecycle: previous versions expire 1 day after they became previous (OSS rounds up to the next 00:00 UTC first). The current version is never touched.",
            Action::Request(Req {
                query: &[("lifecycle", "")],
                body: NONCURRENT_RULE,
                ..req("PUT", "/lesson-cost")
            }),
            |o| {
                let rules = o.engine.lifecycle(o.bucket).map(|c| c.rules.clone()).unwrap_or_default();
                expect(rules.iter().any(|r| r.noncurrent_expiration_days.is_some()), "the bucket should have a noncurrent-version expiration rule")
            },
        ),
        step(
            "Let three days pass",
            "The next lifecycle runs remove the 29 previous versions. What they cost so far stays on the bill; from now on they cost nothing.",
            Action::Advance { seconds: 3 * 86_400 },
            |o| {
                expect_versions(o, "report.csv", 1)?;
                expect(stored(o, Line::Noncurrent) == 0, "no noncurrent bytes should be stored any more")
            },
        ),
        step(
            "Keep uploading daily for 10 days",
            "The same daily upload, now under the rule: at most one or two previous versions exist at any time, so the noncurrent line of the bill stays flat instead of growing. The chart in the Bill panel shows the bend.",
            Action::Daily { req: put("/lesson-cost/report.csv", REPORT), days: 10 },
            |o| {
                let n = o.stack("report.csv").len();
                expect((2..=3).contains(&n), format!("report.csv should keep only 2 or 3 versions under the rule, it has {n}"))?;
                expect(stored(o, Line::Noncurrent) <= 2 * 1024, "at most two small noncurrent versions should be billed")
            },
        ),
        step(
            "Store a Cold Archive object",
            "Cold Archive storage is cheap, but reading it needs a restore, and a restore has costs of its own.",
            Action::Request(with_headers(put("/lesson-cost/cold.bin", COLD), &[("x-oss-storage-class", "ColdArchive")])),
            |o| expect(o.storage_class("cold.bin") == Some(StorageClass::ColdArchive), "cold.bin should be a Cold Archive object"),
        ),
        step(
            "Restore it for 7 days (Expedited)",
            "RestoreObject with Tier Expedited: the bill counts one retrieval request and the retrieved bytes at once. When the restore completes (about an hour), OSS keeps a temporary Standard replica and bills it until it expires 7 days later.",
            Action::Request(Req {
                query: &[("restore", "")],
                body: "<RestoreRequest><Days>7</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>",
                ..req("POST", "/lesson-cost/cold.bin")
            }),
            |o| expect(matches!(cold_status(o), Some(RestoreStatus::InProgress { .. })), "a restore of cold.bin should be in progress"),
        ),
        step(
            "Two hours later",
            "The restore completed an hour ago: the object is readable, and its replica has been billed for one hour.",
            Action::Advance { seconds: 2 * 3600 },
            |o| expect(matches!(cold_status(o), Some(RestoreStatus::Restored { .. })), "cold.bin should be restored"),
        ),
        step(
            "Done reading: CleanRestoredObject",
            "POST ?cleanRestoredObject ends the restored state now: the replica is deleted and its charge stops after one hour instead of seven days.",
            Action::Request(with_query(req("POST", "/lesson-cost/cold.bin"), &[("cleanRestoredObject", "")])),
            |o| {
                expect(matches!(cold_status(o), Some(RestoreStatus::Frozen)), "cold.bin should be frozen again")?;
                expect(stored(o, Line::Replica) == 0, "no replica should be billed any more")
            },
        ),
        step(
            "Compare",
            "Look at the restored-replica line of the bill: one hour of a Standard replica. Left to expire it would have been 168 hours: cleaning a replica you no longer need is how you stop paying for it. The What-if box of the Bill panel tries lifecycle rules on a copy of the lab the same way.",
            Action::Observe,
            |o| {
                // One hour, plus whatever the lab's running clock added between the steps.
                let hour = COLD.len() as u128 * HOUR as u128;
                let r = replica(o);
                expect(r >= hour, "the replica should have been billed for the hour it existed")?;
                // Billed time cannot be undone: only a new run shows the one-hour bill.
                expect(
                    r < hour + hour / 6,
                    "the replica was billed well over an hour: more time passed between the restore and the clean than the two hours the steps say (the clock played on, or jumped further), and time already billed cannot be taken back. Restart the lesson to replay it",
                )
            },
        ),
    ],
};
