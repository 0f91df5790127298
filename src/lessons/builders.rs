//! Builders for lesson steps and checks: the request templates and the expectations the
//! catalog and the topic files (`appends.rs`, `cost.rs`) share. A module of its own so the
//! catalog, which lists every lesson, and the topic files import it without importing each
//! other.

use super::{expect, expect_status, Action, Outcome, Req, Step};

const ENABLE: &str = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
pub(super) const SUSPEND: &str =
    "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";

pub(super) const fn req(method: &'static str, path: &'static str) -> Req {
    Req {
        method,
        path,
        query: &[],
        headers: &[],
        body: "",
    }
}

pub(super) const fn put(path: &'static str, body: &'static str) -> Req {
    Req {
        body,
        ..req("PUT", path)
    }
}

pub(super) const fn with_query(r: Req, query: &'static [(&'static str, &'static str)]) -> Req {
    Req { query, ..r }
}

pub(super) const fn with_headers(r: Req, headers: &'static [(&'static str, &'static str)]) -> Req {
    Req { headers, ..r }
}

pub(super) const fn step(
    title: &'static str,
    explain: &'static str,
    action: Action,
    check: super::Check,
) -> Step {
    Step {
        title,
        explain,
        action,
        capture: &[],
        check,
    }
}

pub(super) const fn capturing(
    mut s: Step,
    capture: &'static [(&'static str, &'static str)],
) -> Step {
    s.capture = capture;
    s
}

/// "Create the scratch bucket", checked by the 200.
pub(super) const fn create_bucket(path: &'static str) -> Step {
    step(
        "Create a scratch bucket",
        "PutBucket creates an empty bucket. New buckets are unversioned: versioning is off until you turn it on.",
        Action::Request(req("PUT", path)),
        |o| expect(o.engine.bucket(o.bucket).is_ok(), "the lesson's bucket does not exist yet"),
    )
}

pub(super) const fn enable_versioning(path: &'static str) -> Step {
    step(
        "Enable versioning",
        "PutBucketVersioning with Status Enabled. From now on every write gets its own version id. There is no way back to unversioned: only Enabled and Suspended are accepted.",
        Action::Request(with_query(put(path, ENABLE), &[("versioning", "")])),
        |o| {
            let v = o.engine.versioning(o.bucket).map_err(|e| crate::wire::OssError::from(e).message)?;
            expect(v == crate::engine::Versioning::Enabled, "versioning is not Enabled on the lesson's bucket")
        },
    )
}

pub(super) fn expect_versions(o: &Outcome, key: &str, n: usize) -> Result<(), String> {
    let got = o.stack(key).len();
    expect(
        got == n,
        format!("{key} should have {n} entries in its version stack, it has {got}"),
    )
}

/// The last response is this OSS error with this EC (the EC tells apart operations that
/// share a code, e.g. FileAlreadyExists on put, copy and multipart).
pub(super) fn expect_error_ec(
    o: &Outcome,
    status: u16,
    code: &str,
    ec: &str,
) -> Result<(), String> {
    expect_error(o, status, code)?;
    expect(
        o.header("x-oss-ec") == Some(ec),
        format!("expected {code} with EC {ec}"),
    )
}

pub(super) fn expect_error(o: &Outcome, status: u16, code: &str) -> Result<(), String> {
    expect_status(o, status)?;
    let body = o.body_text();
    let err = o.header("x-oss-err").map(|e| {
        use base64::Engine as _;
        String::from_utf8_lossy(
            &base64::engine::general_purpose::STANDARD
                .decode(e)
                .unwrap_or_default(),
        )
        .into_owned()
    });
    let text = err.unwrap_or(body);
    expect(
        text.contains(&format!("<Code>{code}</Code>")),
        format!("expected the OSS error {code}"),
    )
}
