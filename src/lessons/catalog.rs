//! The lessons. Texts paraphrase the seed documents; every claim a step makes is what its
//! check verifies against the engine.

use super::builders::{
    capturing, create_bucket, enable_versioning, expect_error, expect_error_ec, expect_versions,
    put, req, step, with_headers, with_query, SUSPEND,
};
use super::{expect, expect_status, Action, Lesson, Req};
use crate::engine::StorageClass;

/// Every lesson, in order. The catalog is plain data (constants), so the browser app carries
/// it as bytes rather than as code that builds it.
pub fn all() -> &'static [Lesson] {
    &LESSONS
}

static LESSONS: [Lesson; 13] = [
    BASICS,
    DELETE_MARKERS,
    PERMANENT_DELETES,
    RECOVERY,
    LISTING,
    SUSPENDED,
    ARCHIVE_RESTORE,
    CLEAN_RESTORED,
    OVERWRITE,
    LIFECYCLE_LESSON,
    UNRECOVERABLE,
    super::cost::COST,
    super::appends::APPENDS,
];

const BASICS: Lesson = Lesson {
    slug: "versioning-basics",
    title: "1. Versioning basics",
    summary: "Three uploads of one key make three versions; a plain GET returns the newest.",
    bucket: "lesson-basics",
    steps: &[
        create_bucket("/lesson-basics"),
        enable_versioning("/lesson-basics"),
        capturing(
            step(
                "Upload example.jpg",
                "PutObject in a versioned bucket answers with x-oss-version-id: the id of the version it created.",
                Action::Request(put("/lesson-basics/example.jpg", "version 1")),
                |o| expect_versions(o, "example.jpg", 1),
            ),
            &[("v1", "x-oss-version-id")],
        ),
        capturing(
            step(
                "Upload it again",
                "Same key, new content: a second version becomes current and the first is kept as a previous version.",
                Action::Request(put("/lesson-basics/example.jpg", "version 2")),
                |o| expect_versions(o, "example.jpg", 2),
            ),
            &[("v2", "x-oss-version-id")],
        ),
        capturing(
            step(
                "And a third time",
                "Three uploads, three versions. Nothing was overwritten.",
                Action::Request(put("/lesson-basics/example.jpg", "version 3")),
                |o| {
                    expect_versions(o, "example.jpg", 3)?;
                    expect(o.stack("example.jpg")[0].version_id == o.var("v3"), "the newest upload should be the current version")
                },
            ),
            &[("v3", "x-oss-version-id")],
        ),
        step(
            "GET without a version id",
            "A plain GetObject returns the current version: the newest one.",
            Action::Request(req("GET", "/lesson-basics/example.jpg")),
            |o| {
                expect_status(o, 200)?;
                expect(o.body_text() == "version 3", "the GET should return \"version 3\"")?;
                expect(o.header("x-oss-version-id") == Some(o.var("v3")), "x-oss-version-id should name the current version")
            },
        ),
        step(
            "GET an older version",
            "With ?versionId= you read any version, current or not.",
            Action::Request(with_query(req("GET", "/lesson-basics/example.jpg"), &[("versionId", "{v1}")])),
            |o| {
                expect_status(o, 200)?;
                expect(o.body_text() == "version 1", "the first version holds \"version 1\"")
            },
        ),
    ],
};

const DELETE_MARKERS: Lesson = Lesson {
    slug: "delete-markers",
    title: "2. Delete markers",
    summary: "A delete without a version id adds a marker: the object looks gone, its data is not.",
    bucket: "lesson-markers",
    steps: &[
        create_bucket("/lesson-markers"),
        enable_versioning("/lesson-markers"),
        capturing(
            step(
                "Upload photo.jpg",
                "One version to protect.",
                Action::Request(put("/lesson-markers/photo.jpg", "a photo")),
                |o| expect_versions(o, "photo.jpg", 1),
            ),
            &[("v1", "x-oss-version-id")],
        ),
        capturing(
            step(
                "Delete it without a version id",
                "DeleteObject answers 204 with x-oss-delete-marker: true and the new marker's id. The marker has an id but no data; it is now the current version.",
                Action::Request(req("DELETE", "/lesson-markers/photo.jpg")),
                |o| {
                    let s = o.stack("photo.jpg");
                    expect(s.len() == 2 && s[0].delete_marker, "the key should have a delete marker on top of its version")
                },
            ),
            &[("marker", "x-oss-version-id")],
        ),
        step(
            "GET it",
            "The current version is a delete marker, so GetObject answers 404 NoSuchKey, with x-oss-delete-marker: true to say why.",
            Action::Request(req("GET", "/lesson-markers/photo.jpg")),
            |o| {
                expect_error(o, 404, "NoSuchKey")?;
                expect(o.header("x-oss-delete-marker") == Some("true"), "the 404 should carry x-oss-delete-marker: true")
            },
        ),
        step(
            "List all versions",
            "ListObjectVersions (GET ?versions) shows every version and every delete marker, newest first.",
            Action::Request(with_query(req("GET", "/lesson-markers"), &[("versions", "")])),
            |o| {
                let body = o.body_text();
                expect(body.contains("<DeleteMarker>") && body.contains("<Version>"), "the listing should show the marker and the version")
            },
        ),
        step(
            "List current objects",
            "ListObjects (GET /) shows only current versions that are not delete markers: photo.jpg is not there.",
            Action::Request(req("GET", "/lesson-markers")),
            |o| {
                expect_status(o, 200)?;
                expect(!o.body_text().contains("<Key>photo.jpg</Key>"), "ListObjects should not show photo.jpg")
            },
        ),
    ],
};

const PERMANENT_DELETES: Lesson = Lesson {
    slug: "permanent-deletes",
    title: "3. Permanent deletes with a version id",
    summary: "DeleteObject with ?versionId= removes exactly that version, for good.",
    bucket: "lesson-permanent",
    steps: &[
        create_bucket("/lesson-permanent"),
        enable_versioning("/lesson-permanent"),
        capturing(
            step("Upload v1", "First version.", Action::Request(put("/lesson-permanent/doc.txt", "first")), |o| expect_versions(o, "doc.txt", 1)),
            &[("v1", "x-oss-version-id")],
        ),
        capturing(
            step("Upload v2", "Second version, now current.", Action::Request(put("/lesson-permanent/doc.txt", "second")), |o| expect_versions(o, "doc.txt", 2)),
            &[("v2", "x-oss-version-id")],
        ),
        step(
            "Delete v2 by id",
            "DeleteObject with ?versionId= permanently deletes that version: no marker is added, and the next newest version (v1) becomes current.",
            Action::Request(with_query(req("DELETE", "/lesson-permanent/doc.txt"), &[("versionId", "{v2}")])),
            |o| {
                let s = o.stack("doc.txt");
                expect(s.len() == 1 && s[0].version_id == o.var("v1"), "only v1 should be left")?;
                expect(o.current("doc.txt").as_deref() == Ok("first"), "v1 should be current again")
            },
        ),
        step(
            "Try to read v2",
            "It is gone: 404 NoSuchVersion. No operation brings it back.",
            Action::Request(with_query(req("GET", "/lesson-permanent/doc.txt"), &[("versionId", "{v2}")])),
            |o| expect_error(o, 404, "NoSuchVersion"),
        ),
    ],
};

const RECOVERY: Lesson = Lesson {
    slug: "recovery",
    title: "4. Recovering a previous version",
    summary: "Copy a previous version onto the key (recommended), or delete the current version.",
    bucket: "lesson-recovery",
    steps: &[
        create_bucket("/lesson-recovery"),
        enable_versioning("/lesson-recovery"),
        capturing(
            step("Upload the good report", "The version we will want back.", Action::Request(put("/lesson-recovery/report.txt", "good")), |o| expect_versions(o, "report.txt", 1)),
            &[("good", "x-oss-version-id")],
        ),
        step(
            "Overwrite it by mistake",
            "A bad upload is now current.",
            Action::Request(put("/lesson-recovery/report.txt", "bad")),
            |o| expect(o.current("report.txt").as_deref() == Ok("bad"), "the bad upload should be current"),
        ),
        step(
            "Way 1: copy the good version onto the key",
            "CopyObject with x-oss-copy-source: /bucket/key?versionId=<good>. The copy becomes a new current version; every version, the bad one included, is kept. This is the recommended way.",
            Action::Request(with_headers(req("PUT", "/lesson-recovery/report.txt"), &[("x-oss-copy-source", "/lesson-recovery/report.txt?versionId={good}")])),
            |o| {
                expect(o.current("report.txt").as_deref() == Ok("good"), "the good content should be current")?;
                expect_versions(o, "report.txt", 3)
            },
        ),
        capturing(
            step("Overwrite it again", "Another bad upload.", Action::Request(put("/lesson-recovery/report.txt", "bad again")), |o| expect_versions(o, "report.txt", 4)),
            &[("bad2", "x-oss-version-id")],
        ),
        step(
            "Way 2: delete the current version",
            "DeleteObject with the current version's id removes it for good; the previous version becomes current. It works, but it destroys history — which is why copying is recommended.",
            Action::Request(with_query(req("DELETE", "/lesson-recovery/report.txt"), &[("versionId", "{bad2}")])),
            |o| {
                expect(o.current("report.txt").as_deref() == Ok("good"), "the good content should be current again")?;
                expect_versions(o, "report.txt", 3)
            },
        ),
    ],
};

const LISTING: Lesson = Lesson {
    slug: "listing-many-versions",
    title: "5. Listing many versions",
    summary: "900 versions of one key and 500 of another: a page holds at most 1000; markers continue.",
    bucket: "lesson-listing",
    steps: &[
        create_bucket("/lesson-listing"),
        enable_versioning("/lesson-listing"),
        step(
            "Upload example.jpg 900 times",
            "900 versions of one key.",
            Action::Repeat {
                req: put("/lesson-listing/example.jpg", "example {i}"),
                times: 900,
            },
            |o| expect_versions(o, "example.jpg", 900),
        ),
        step(
            "Upload photo.jpg 500 times",
            "500 versions of another.",
            Action::Repeat {
                req: put("/lesson-listing/photo.jpg", "photo {i}"),
                times: 500,
            },
            |o| expect_versions(o, "photo.jpg", 500),
        ),
        capturing(
            step(
                "List one page of 1000",
                "ListObjectVersions returns keys in order, each key's versions newest first: all 900 of example.jpg, then the first 100 of photo.jpg. IsTruncated is true, and NextKeyMarker / NextVersionIdMarker say where to continue.",
                Action::Request(with_query(req("GET", "/lesson-listing"), &[("versions", ""), ("max-keys", "1000")])),
                |o| {
                    let body = o.body_text();
                    expect(body.contains("<IsTruncated>true</IsTruncated>"), "the first page should be truncated")?;
                    expect(body.matches("<Key>example.jpg</Key>").count() == 900, "the page should hold all 900 versions of example.jpg")?;
                    expect(body.matches("<Key>photo.jpg</Key>").count() == 100, "... and the first 100 of photo.jpg")
                },
            ),
            &[("key_marker", "xml:NextKeyMarker"), ("version_marker", "xml:NextVersionIdMarker")],
        ),
        step(
            "List the next page",
            "Send the markers back as key-marker and version-id-marker: the remaining 400 versions of photo.jpg, and IsTruncated false.",
            Action::Request(with_query(
                req("GET", "/lesson-listing"),
                &[("versions", ""), ("max-keys", "1000"), ("key-marker", "{key_marker}"), ("version-id-marker", "{version_marker}")],
            )),
            |o| {
                let body = o.body_text();
                expect(body.contains("<IsTruncated>false</IsTruncated>"), "the second page should be the last")?;
                expect(body.matches("<Key>photo.jpg</Key>").count() == 400, "the second page should hold the other 400 versions of photo.jpg")
            },
        ),
    ],
};

const SUSPENDED: Lesson = Lesson {
    slug: "suspended-null-version",
    title: "6. Suspended versioning and the null version",
    summary: "Objects from before versioning, and every write while suspended, use the single version id null.",
    bucket: "lesson-suspended",
    steps: &[
        create_bucket("/lesson-suspended"),
        step(
            "Upload before versioning",
            "In an unversioned bucket there are no version ids: the response has no x-oss-version-id. Once versioning is enabled, this object's version id is null.",
            Action::Request(put("/lesson-suspended/notes.txt", "from before versioning")),
            |o| {
                expect_versions(o, "notes.txt", 1)?;
                expect(o.header("x-oss-version-id").is_none(), "an unversioned bucket sends no x-oss-version-id")
            },
        ),
        enable_versioning("/lesson-suspended"),
        capturing(
            step(
                "Upload while Enabled",
                "A real version id; the pre-versioning object stays below it as version null.",
                Action::Request(put("/lesson-suspended/notes.txt", "enabled")),
                |o| {
                    let s = o.stack("notes.txt");
                    expect(s.len() == 2 && s[1].version_id == "null", "the old object should be kept as version null")
                },
            ),
            &[("v1", "x-oss-version-id")],
        ),
        step(
            "Suspend versioning",
            "PutBucketVersioning with Status Suspended. Existing versions stay; new writes get the id null.",
            Action::Request(with_query(put("/lesson-suspended", SUSPEND), &[("versioning", "")])),
            |o| expect(o.engine.versioning(o.bucket).ok() == Some(crate::engine::Versioning::Suspended), "versioning should be Suspended"),
        ),
        step(
            "Upload while Suspended",
            "x-oss-version-id: null. A key has at most one null version, so the old null version is replaced — and the new one goes on top. The Enabled version is kept.",
            Action::Request(put("/lesson-suspended/notes.txt", "suspended")),
            |o| {
                let s = o.stack("notes.txt");
                expect(o.header("x-oss-version-id") == Some("null"), "a suspended write answers x-oss-version-id: null")?;
                expect(s.len() == 2 && s[0].version_id == "null" && s[1].version_id == o.var("v1"), "the stack should be [null, the Enabled version]")
            },
        ),
        step(
            "Delete without a version id",
            "In a suspended bucket this writes a delete marker with id null, which replaces the null version: that data is gone, the Enabled version survives.",
            Action::Request(req("DELETE", "/lesson-suspended/notes.txt")),
            |o| {
                let s = o.stack("notes.txt");
                expect(s.len() == 2 && s[0].delete_marker && s[0].version_id == "null", "the stack should be [null delete marker, the Enabled version]")
            },
        ),
    ],
};

const ARCHIVE_RESTORE: Lesson = Lesson {
    slug: "archive-restore",
    title: "7. Restoring an Archive object",
    summary: "Frozen objects must be restored before reading; watch the restore on the clock, then let it expire.",
    bucket: "lesson-archive",
    steps: &[
        create_bucket("/lesson-archive"),
        step(
            "Upload an Archive object",
            "x-oss-storage-class: Archive. Metadata operations work, reads do not.",
            Action::Request(with_headers(put("/lesson-archive/archive.bin", "cold bytes"), &[("x-oss-storage-class", "Archive")])),
            |o| expect(o.storage_class("archive.bin") == Some(StorageClass::Archive), "archive.bin should be an Archive object"),
        ),
        step(
            "Try to read it",
            "GetObject on a frozen object: 403 InvalidObjectState.",
            Action::Request(req("GET", "/lesson-archive/archive.bin")),
            |o| expect_error(o, 403, "InvalidObjectState"),
        ),
        step(
            "Restore it for 2 days",
            "RestoreObject answers 202 Accepted: the restore has started.",
            Action::Request(Req {
                query: &[("restore", "")],
                body: "<RestoreRequest><Days>2</Days></RestoreRequest>",
                ..req("POST", "/lesson-archive/archive.bin")
            }),
            |o| {
                expect_status(o, 202)?;
                expect(o.current("archive.bin") == Err("InvalidObjectState"), "the object stays unreadable while it is being restored")
            },
        ),
        step(
            "Check with HEAD",
            "While restoring, HeadObject shows x-oss-restore: ongoing-request=\"true\" (listings show the same text as RestoreInfo).",
            Action::Request(req("HEAD", "/lesson-archive/archive.bin")),
            |o| match o.header("x-oss-restore") {
                Some("ongoing-request=\"true\"") => Ok(()),
                // The learner played the clock past the restore: say that this state is gone
                // and how to get it back, rather than repeat what the header should say.
                Some(h) if h.starts_with("ongoing-request=\"false\"") => Err(
                    "the restore has already finished (x-oss-restore: ongoing-request=\"false\"): the virtual clock ran on after the restore started, and a finished restore cannot be ongoing again. Restart the lesson, or let the restored copy expire (+1 day, twice), restore it again and HEAD it at once".into(),
                ),
                _ => Err("x-oss-restore should say ongoing-request=\"true\"".into()),
            },
        ),
        step(
            "Let a minute pass",
            "Archive restores take about a minute. Move the virtual clock forward.",
            Action::Advance { seconds: 60 },
            |o| expect(o.current("archive.bin").is_ok(), "after a minute the object should be readable"),
        ),
        step(
            "HEAD again",
            "Restored: ongoing-request=\"false\" and expiry-date, when the copy expires.",
            Action::Request(req("HEAD", "/lesson-archive/archive.bin")),
            |o| expect(o.header("x-oss-restore").is_some_and(|h| h.starts_with("ongoing-request=\"false\", expiry-date=")), "x-oss-restore should show the expiry date"),
        ),
        step(
            "Two days later",
            "After expiry-date the object is frozen again: no x-oss-restore header, and GET is 403 once more.",
            Action::Advance { seconds: 2 * 86_400 },
            |o| expect(o.current("archive.bin") == Err("InvalidObjectState"), "the restored copy should have expired"),
        ),
    ],
};

const CLEAN_RESTORED: Lesson = Lesson {
    slug: "clean-restored-object",
    title: "8. CleanRestoredObject's three outcomes",
    summary: "409 when never restored, 409 while restoring, 200 once restored — and frozen again.",
    bucket: "lesson-clean",
    steps: &[
        create_bucket("/lesson-clean"),
        step(
            "Upload a Cold Archive object",
            "x-oss-storage-class: ColdArchive.",
            Action::Request(with_headers(put("/lesson-clean/cold.bin", "cold"), &[("x-oss-storage-class", "ColdArchive")])),
            |o| expect(o.storage_class("cold.bin") == Some(StorageClass::ColdArchive), "cold.bin should be a ColdArchive object"),
        ),
        step(
            "Clean it before any restore",
            "Nothing to clean: 409 ArchiveRestoreFileStale.",
            Action::Request(with_query(req("POST", "/lesson-clean/cold.bin"), &[("cleanRestoredObject", "")])),
            |o| expect_error(o, 409, "ArchiveRestoreFileStale"),
        ),
        step(
            "Restore it (Expedited)",
            "Cold Archive restores take a Tier: Expedited is about an hour.",
            Action::Request(Req {
                query: &[("restore", "")],
                body: "<RestoreRequest><Days>1</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>",
                ..req("POST", "/lesson-clean/cold.bin")
            }),
            |o| expect_status(o, 202),
        ),
        step(
            "Clean it while restoring",
            "409 ArchiveRestoreNotFinished.",
            Action::Request(with_query(req("POST", "/lesson-clean/cold.bin"), &[("cleanRestoredObject", "")])),
            |o| match o.status() {
                // The learner played the clock past the hour: the clean succeeded instead.
                Some(200) => Err("the restore had already finished (the virtual clock ran on after it started), so the clean succeeded (200) and froze the object again. Restore it again (Expedited) and clean it at once, or restart the lesson".into()),
                _ => expect_error(o, 409, "ArchiveRestoreNotFinished"),
            },
        ),
        step("Wait an hour", "Move the clock forward one hour.", Action::Advance { seconds: 3600 }, |o| expect(o.current("cold.bin").is_ok(), "the restore should be complete")),
        step(
            "Clean it now",
            "200: the temporary copy is removed at once and the object is frozen again.",
            Action::Request(with_query(req("POST", "/lesson-clean/cold.bin"), &[("cleanRestoredObject", "")])),
            |o| {
                expect_status(o, 200)?;
                expect(o.current("cold.bin") == Err("InvalidObjectState"), "the object should be frozen again")
            },
        ),
    ],
};

const OVERWRITE: Lesson = Lesson {
    slug: "forbid-overwrite",
    title: "9. Preventing overwrites",
    summary: "x-oss-forbid-overwrite: true refuses to replace an existing object — in unversioned buckets only.",
    bucket: "lesson-overwrite",
    steps: &[
        create_bucket("/lesson-overwrite"),
        step("Upload config.json", "The object to protect.", Action::Request(put("/lesson-overwrite/config.json", "{\"v\":1}")), |o| {
            expect(o.current("config.json").as_deref() == Ok("{\"v\":1}"), "config.json should hold {\"v\":1}")
        }),
        step(
            "Upload again with x-oss-forbid-overwrite: true",
            "409 FileAlreadyExists: the object is untouched.",
            Action::Request(with_headers(put("/lesson-overwrite/config.json", "{\"v\":2}"), &[("x-oss-forbid-overwrite", "true")])),
            |o| {
                expect_error(o, 409, "FileAlreadyExists")?;
                expect(o.current("config.json").as_deref() == Ok("{\"v\":1}"), "the original content should be intact")
            },
        ),
        step(
            "Copy onto it with the header",
            "CopyObject honours the header too.",
            Action::Request(with_headers(
                req("PUT", "/lesson-overwrite/config.json"),
                &[("x-oss-copy-source", "/lesson-overwrite/config.json"), ("x-oss-forbid-overwrite", "true")],
            )),
            |o| expect_error_ec(o, 409, "FileAlreadyExists", "0026-00000201"),
        ),
        step(
            "Start a multipart upload with the header",
            "InitiateMultipartUpload checks it at once (and CompleteMultipartUpload checks again).",
            Action::Request(with_headers(with_query(req("POST", "/lesson-overwrite/config.json"), &[("uploads", "")]), &[("x-oss-forbid-overwrite", "true")])),
            |o| expect_error_ec(o, 409, "FileAlreadyExists", "0042-00000201"),
        ),
        enable_versioning("/lesson-overwrite"),
        step(
            "Upload with the header in a versioned bucket",
            "No effect: versioning already keeps the old content as a previous version, so the write succeeds and adds a version.",
            Action::Request(with_headers(put("/lesson-overwrite/config.json", "{\"v\":2}"), &[("x-oss-forbid-overwrite", "true")])),
            |o| {
                expect_status(o, 200)?;
                expect_versions(o, "config.json", 2)
            },
        ),
    ],
};

const LIFECYCLE_RULES: &str = "<LifecycleConfiguration>\
<Rule><ID>expire-logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status>\
<Expiration><Days>1</Days></Expiration>\
<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule>\
<Rule><ID>clean-markers</ID><Prefix>logs/</Prefix><Status>Enabled</Status>\
<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>\
</LifecycleConfiguration>";

const LIFECYCLE_LESSON: Lesson = Lesson {
    slug: "lifecycle-versions",
    title: "10. Lifecycle rules with versions",
    summary: "Expire current versions, then previous versions, then the delete markers left behind — on the virtual clock.",
    bucket: "lesson-lifecycle",
    steps: &[
        create_bucket("/lesson-lifecycle"),
        enable_versioning("/lesson-lifecycle"),
        step("Upload a log", "Version 1.", Action::Request(put("/lesson-lifecycle/logs/app.log", "day 1")), |o| expect_versions(o, "logs/app.log", 1)),
        step("Upload it again", "Version 2 is current; version 1 became noncurrent now.", Action::Request(put("/lesson-lifecycle/logs/app.log", "day 1, later")), |o| expect_versions(o, "logs/app.log", 2)),
        step(
            "Put the lifecycle rules",
            "Current versions expire 1 day after they were written, previous versions 1 day after they became previous, and expired delete markers are removed. OSS rounds each time up to the next 00:00 UTC before adding the days.",
            Action::Request(Req {
                query: &[("lifecycle", "")],
                body: LIFECYCLE_RULES,
                ..req("PUT", "/lesson-lifecycle")
            }),
            |o| expect(o.engine.lifecycle(o.bucket).is_ok_and(|c| c.rules.len() == 2), "the bucket should have the two lifecycle rules"),
        ),
        step(
            "Two days later",
            "The current version expired: in a versioned bucket that adds a delete marker (the data stays as a previous version). Version 1 was removed for good.",
            Action::Advance { seconds: 2 * 86_400 },
            |o| {
                let s = o.stack("logs/app.log");
                expect(s.len() == 2 && s[0].delete_marker && !s[1].delete_marker, "the stack should be [delete marker, version 2]")
            },
        ),
        step(
            "Two more days",
            "Version 2 expired a day after it became previous; the delete marker, now with nothing behind it, was an expired delete marker and was removed the day after.",
            Action::Advance { seconds: 2 * 86_400 },
            |o| expect(o.stack("logs/app.log").is_empty(), "nothing of logs/app.log should be left"),
        ),
    ],
};

const UNRECOVERABLE: Lesson = Lesson {
    slug: "what-cannot-be-recovered",
    title: "11. What cannot be recovered",
    summary: "Deletes in unversioned buckets and deletes with a version id are final; so are deletes replicated with the ALL policy.",
    bucket: "lesson-final",
    steps: &[
        create_bucket("/lesson-final"),
        step("Upload notes.txt (unversioned)", "No versioning yet.", Action::Request(put("/lesson-final/notes.txt", "precious")), |o| {
            expect(o.current("notes.txt").as_deref() == Ok("precious"), "notes.txt should exist")
        }),
        step(
            "Delete it",
            "In an unversioned bucket DeleteObject removes the object itself: 204, no marker, nothing to go back to.",
            Action::Request(req("DELETE", "/lesson-final/notes.txt")),
            |o| {
                expect_status(o, 204)?;
                expect(o.stack("notes.txt").is_empty(), "nothing of notes.txt should remain")
            },
        ),
        enable_versioning("/lesson-final"),
        capturing(
            step("Upload it again, versioned", "Now it has a version id.", Action::Request(put("/lesson-final/notes.txt", "precious")), |o| expect_versions(o, "notes.txt", 1)),
            &[("v1", "x-oss-version-id")],
        ),
        step(
            "Delete that version by id",
            "Versioning protects against deletes without a version id. A delete with the version id is permanent, even in a versioned bucket.",
            Action::Request(with_query(req("DELETE", "/lesson-final/notes.txt"), &[("versionId", "{v1}")])),
            |o| expect(o.stack("notes.txt").is_empty(), "the only version should be gone"),
        ),
        step(
            "And replication?",
            "A replica in another bucket helps only with the \"additions and modifications\" (PUT) policy: with the ALL policy a delete is replicated too. Alibaba Cloud cannot recover data you deleted.",
            Action::Observe,
            |o| expect(o.listed().is_empty(), "the bucket should list no objects"),
        ),
    ],
};
