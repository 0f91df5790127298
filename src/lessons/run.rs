//! Progress through one lesson: what the next step does ([`Move`]s), the answer it got, and
//! its check. The runner sends nothing itself: whoever drives it (the native tests through
//! [`Wire`], the browser lab through its logged `send`) performs the moves, so the step logic
//! lives here once.

use std::collections::BTreeMap;

use super::{build_request, Action, Lesson, Outcome, Step};
use crate::engine::{Engine, Millis, DAY};
use crate::wire::http::{WireRequest, WireResponse};
use crate::wire::Wire;

/// One thing a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum Move {
    /// Send this request.
    Send(WireRequest),
    /// Move the virtual clock forward this many milliseconds.
    Advance(Millis),
}

/// Progress through one lesson.
pub struct Run<'l> {
    pub lesson: &'l Lesson,
    /// Values captured from earlier answers (`{v1}`, …).
    pub vars: BTreeMap<String, String>,
    /// The step to do next (0-based); `steps.len()` when done.
    pub next: usize,
    /// The request that answers the current step, and its response.
    last: Option<(WireRequest, WireResponse)>,
}

/// What happened when a step was run.
pub struct StepReport {
    pub requests: Vec<(WireRequest, WireResponse)>,
    /// The step's check, after its action.
    pub check: Result<(), String>,
}

impl<'l> Run<'l> {
    pub fn new(lesson: &'l Lesson) -> Self {
        Run {
            lesson,
            vars: BTreeMap::new(),
            next: 0,
            last: None,
        }
    }

    /// A run resumed at step `next` with the values captured so far (a reloaded page).
    pub fn resume(lesson: &'l Lesson, next: usize, vars: BTreeMap<String, String>) -> Self {
        Run {
            next: next.min(lesson.steps.len()),
            vars,
            ..Run::new(lesson)
        }
    }

    pub fn done(&self) -> bool {
        self.next >= self.lesson.steps.len()
    }

    pub fn step(&self) -> Option<&'l Step> {
        self.lesson.steps.get(self.next)
    }

    /// The exchange that answers the current step, if any.
    pub fn answer(&self) -> Option<&(WireRequest, WireResponse)> {
        self.last.as_ref()
    }

    /// The request the current step names, with the captured values filled in (the first
    /// one of a repeated step).
    pub fn wanted(&self) -> Option<WireRequest> {
        let req = self.step()?.action.request()?;
        let mut vars = self.vars.clone();
        vars.insert("i".into(), "0".into());
        Some(build_request(&req, &vars))
    }

    /// What the current step's action does, in order.
    pub fn moves(&self) -> Vec<Move> {
        let Some(step) = self.step() else {
            return Vec::new();
        };
        let with_i = |i: u32| {
            let mut vars = self.vars.clone();
            vars.insert("i".into(), i.to_string());
            vars
        };
        match step.action {
            Action::Request(req) => vec![Move::Send(build_request(&req, &self.vars))],
            Action::Repeat { req, times } => (0..times)
                .map(|i| Move::Send(build_request(&req, &with_i(i))))
                .collect(),
            Action::Advance { seconds } => vec![Move::Advance(seconds * 1000)],
            Action::Daily { req, days } => (0..days)
                .flat_map(|i| {
                    [
                        Move::Send(build_request(&req, &with_i(i))),
                        Move::Advance(DAY),
                    ]
                })
                .collect(),
            Action::Observe => Vec::new(),
        }
    }

    /// Performs the current step's moves with `perform` (which answers a [`Move::Send`] with
    /// the response and a [`Move::Advance`] with `None`), and records the last answer. The
    /// check is separate ([`Run::check`]): the engine is the driver's.
    pub fn perform(
        &mut self,
        mut perform: impl FnMut(&Move) -> Option<WireResponse>,
    ) -> Vec<(WireRequest, WireResponse)> {
        let mut exchanges = Vec::new();
        for m in self.moves() {
            if let (Some(resp), Move::Send(req)) = (perform(&m), m) {
                exchanges.push((req, resp));
            }
        }
        if let Some((req, resp)) = exchanges.last() {
            self.answered(req.clone(), resp.clone());
        }
        exchanges
    }

    /// Records `req` and its response as the current step's answer: the values the step
    /// captures are taken from it, and the check judges it.
    pub fn answered(&mut self, req: WireRequest, resp: WireResponse) {
        if let Some(step) = self.step() {
            for (var, source) in step.capture {
                if let Some(v) = captured(&resp, source) {
                    self.vars.insert(var.to_string(), v);
                }
            }
        }
        self.last = Some((req, resp));
    }

    /// Forgets the answer (a check after the learner sent nothing for this step).
    pub fn unanswered(&mut self) {
        self.last = None;
    }

    /// Runs the current step natively through `wire` and checks it.
    pub fn run_step(&mut self, engine: &mut Engine, wire: &mut Wire) -> Option<StepReport> {
        self.step()?;
        let requests = self.perform(|m| match m {
            Move::Send(req) => Some(wire.handle(engine, req)),
            Move::Advance(ms) => {
                engine.set_now(engine.now() + ms);
                None
            }
        });
        let check = self.check(engine);
        Some(StepReport { requests, check })
    }

    /// Checks the current step against the state now (also after the learner acted through
    /// the lab instead of running the step); advances on success. A step that names a
    /// request is judged on an answer to that request, not to another operation.
    pub fn check(&mut self, engine: &Engine) -> Result<(), String> {
        let Some(step) = self.step() else {
            return Ok(());
        };
        let differs = match (self.wanted(), &self.last) {
            (Some(wanted), Some((got, _))) => same_operation(&wanted, got).err(),
            _ => None,
        };
        let outcome = Outcome {
            engine,
            request: self.last.as_ref().map(|(q, _)| q),
            response: self.last.as_ref().map(|(_, r)| r),
            vars: &self.vars,
            bucket: self.lesson.bucket,
        };
        // Both the state and the request must be right; say everything that is not.
        let result = match ((step.check)(&outcome), differs) {
            (result, None) => result,
            (Ok(()), Some(differs)) => Err(differs),
            (Err(state), Some(differs)) => Err(format!("{state}; and {differs}")),
        };
        if result.is_ok() {
            self.next += 1;
            self.last = None;
        }
        result
    }
}

/// A header value, or with `xml:Name` the text of the first `<Name>` element of the body
/// (read with [`crate::wire::xml::read_document`]).
pub fn captured(resp: &WireResponse, source: &str) -> Option<String> {
    let Some(element) = source.strip_prefix("xml:") else {
        return resp.header(source).map(str::to_string);
    };
    let doc = crate::wire::xml::read_document(&resp.body).ok()?;
    doc.find(element).map(|n| n.text.clone())
}

/// Query parameters that narrow or page a listing without changing which operation it is.
const PAGING: [&str; 11] = [
    "prefix",
    "max-keys",
    "encoding-type",
    "delimiter",
    "marker",
    "key-marker",
    "version-id-marker",
    "list-type",
    "continuation-token",
    "start-after",
    "fetch-owner",
];

/// Headers whose presence makes a different operation or write mode of the same method and
/// path (CopyObject vs PutObject, a forbid-overwrite write, a write to a storage class).
const MODE_HEADERS: [&str; 3] = [
    "x-oss-copy-source",
    "x-oss-forbid-overwrite",
    "x-oss-storage-class",
];

/// The write mode header `h` asks for, with OSS's defaults folded in: no storage class is
/// Standard, `x-oss-forbid-overwrite: false` is no header; a copy source counts by presence.
fn mode<'r>(req: &'r WireRequest, h: &str) -> Option<&'r str> {
    let v = req.header(h);
    match h {
        "x-oss-storage-class" => v.filter(|c| !c.eq_ignore_ascii_case("Standard")),
        "x-oss-forbid-overwrite" => v.filter(|f| f.eq_ignore_ascii_case("true")).map(|_| "true"),
        _ => v.map(|_| "present"),
    }
}

fn decoded(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .trim_end_matches('/')
        .to_string()
}

/// `GET /b/k?versionId`, the way a learner reads a request line.
pub fn request_line(req: &WireRequest) -> String {
    let mut out = format!("{} {}", req.method, decoded(&req.path));
    for (i, (k, _)) in req.query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
    }
    for h in MODE_HEADERS {
        if req.header(h).is_some() {
            out.push_str(&format!(" with {h}"));
        }
    }
    out
}

/// `Ok` when `got` is the operation `wanted` names: same method and object, the same
/// sub-resources and version parameters (paging parameters aside), and the same
/// operation-selecting headers. Otherwise what differs, in words.
pub fn same_operation(wanted: &WireRequest, got: &WireRequest) -> Result<(), String> {
    let differs = |what: String| {
        Err(format!(
            "this step checks {}, but the request it found was {} ({what})",
            request_line(wanted),
            request_line(got)
        ))
    };
    if wanted.method != got.method {
        return differs(format!("{} is not {}", got.method, wanted.method));
    }
    if decoded(&wanted.path) != decoded(&got.path) {
        return differs("another bucket or object".into());
    }
    for (k, _) in &wanted.query {
        if got.query_param(k).is_none() {
            return differs(format!("it has no {k}"));
        }
    }
    for (k, _) in &got.query {
        if wanted.query_param(k).is_none() && !PAGING.contains(&k.as_str()) {
            return differs(format!("it has {k}, which this step does not send"));
        }
    }
    for h in MODE_HEADERS {
        match (mode(wanted, h), mode(got, h)) {
            (w, g) if w == g => {}
            (Some(_), None) => return differs(format!("it has no {h}")),
            (None, Some(_)) => {
                return differs(format!("it has {h}, which this step does not send"))
            }
            (Some(w), Some(g)) => return differs(format!("{h}: {g} is not {w}")),
            (None, None) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, path: &str, query: &[&str], headers: &[(&str, &str)]) -> WireRequest {
        crate::wire::request::build(
            method,
            path,
            query
                .iter()
                .map(|q| (q.to_string(), String::new()))
                .collect(),
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            Vec::new(),
        )
    }

    #[test]
    fn the_same_operation_is_recognised_through_paging_and_encoding() {
        let wanted = req("GET", "/b", &["versions"], &[]);
        let console = req(
            "GET",
            "/b/",
            &["versions", "prefix", "max-keys", "encoding-type"],
            &[],
        );
        assert_eq!(same_operation(&wanted, &console), Ok(()));
        let encoded = req("GET", "/b/logs%2Fapp.log", &[], &[]);
        assert_eq!(
            same_operation(&req("GET", "/b/logs/app.log", &[], &[]), &encoded),
            Ok(())
        );
    }

    #[test]
    fn another_operation_is_named_in_the_refusal() {
        let get = req("GET", "/b/k", &[], &[]);
        let why = same_operation(&get, &req("GET", "/b/k", &["versionId"], &[])).unwrap_err();
        assert!(why.contains("it has versionId"), "{why}");
        assert!(why.contains("GET /b/k?versionId"), "{why}");
        assert!(same_operation(&get, &req("HEAD", "/b/k", &[], &[])).is_err());
        assert!(same_operation(&get, &req("GET", "/b/other", &[], &[])).is_err());
        let listing = req("GET", "/b", &["versions"], &[]);
        assert!(same_operation(&listing, &req("GET", "/b", &[], &[])).is_err());
        let put = req("PUT", "/b/k", &[], &[]);
        let copy = req("PUT", "/b/k", &[], &[("x-oss-copy-source", "/b/k")]);
        assert!(same_operation(&put, &copy)
            .unwrap_err()
            .contains("x-oss-copy-source"));
        assert!(same_operation(&copy, &put).is_err());
        let archive = req("PUT", "/b/k", &[], &[("x-oss-storage-class", "Archive")]);
        let cold = req(
            "PUT",
            "/b/k",
            &[],
            &[("x-oss-storage-class", "ColdArchive")],
        );
        assert!(same_operation(&archive, &cold).is_err());
        // OSS's defaults are the same request: Standard, forbid-overwrite false.
        let standard = req("PUT", "/b/k", &[], &[("x-oss-storage-class", "Standard")]);
        assert_eq!(same_operation(&put, &standard), Ok(()));
        let allow = req("PUT", "/b/k", &[], &[("x-oss-forbid-overwrite", "false")]);
        assert_eq!(same_operation(&put, &allow), Ok(()));
    }

    #[test]
    fn a_repeated_or_daily_step_expands_into_moves() {
        let lesson = crate::lessons::all()
            .iter()
            .find(|l| l.slug == "what-versions-cost")
            .unwrap();
        let run = Run::resume(lesson, 2, BTreeMap::new());
        let moves = run.moves();
        assert_eq!(moves.len(), 60, "30 days: an upload and a day each");
        let (Move::Send(first), Move::Advance(day)) = (&moves[0], &moves[1]) else {
            panic!("{:?}", &moves[..2]);
        };
        assert_eq!(*day, DAY);
        assert!(String::from_utf8_lossy(&first.body).contains("day 0,"));
        let Move::Send(last) = &moves[58] else {
            panic!()
        };
        assert!(String::from_utf8_lossy(&last.body).contains("day 29,"));
    }

    /// A run of the lesson `slug` whose steps before the one titled `title` were all
    /// performed (and passed) on `engine`.
    fn run_up_to(
        slug: &str,
        title: &str,
        engine: &mut Engine,
        wire: &mut Wire,
    ) -> (&'static Lesson, Run<'static>) {
        let lesson = crate::lessons::all()
            .iter()
            .find(|l| l.slug == slug)
            .unwrap();
        let mut run = Run::new(lesson);
        while lesson.steps[run.next].title != title {
            run.run_step(engine, wire).unwrap().check.unwrap();
        }
        (lesson, run)
    }

    #[test]
    fn a_restore_the_clock_finished_says_how_to_get_back() {
        // Lesson 7: a HEAD after the restore finished.
        let mut engine = Engine::new(1_767_261_600_000);
        let mut wire = Wire::default();
        let (lesson, mut run) =
            run_up_to("archive-restore", "Check with HEAD", &mut engine, &mut wire);
        // The clock ran on past the one-minute restore before the learner's HEAD.
        engine.set_now(engine.now() + 3_600_000);
        let why = run
            .run_step(&mut engine, &mut wire)
            .unwrap()
            .check
            .unwrap_err();
        assert!(
            why.contains("already finished") && why.contains("Restart"),
            "{why}"
        );
        // The way back it names: let the copy expire, restore again, HEAD at once.
        engine.set_now(engine.now() + 2 * DAY);
        let restore = lesson.steps[run.next - 1].action.request().unwrap();
        let resp = wire.handle(&mut engine, &super::build_request(&restore, &run.vars));
        assert_eq!(resp.status, 202);
        run.run_step(&mut engine, &mut wire).unwrap().check.unwrap();

        // Lesson 8: a clean after the restore finished succeeds, and the check says why.
        let (_, mut run) = run_up_to(
            "clean-restored-object",
            "Clean it while restoring",
            &mut engine,
            &mut wire,
        );
        engine.set_now(engine.now() + 2 * 3_600_000);
        let why = run
            .run_step(&mut engine, &mut wire)
            .unwrap()
            .check
            .unwrap_err();
        assert!(
            why.contains("already finished") && why.contains("Restore it again"),
            "{why}"
        );
    }

    #[test]
    fn captures_read_headers_and_xml_elements() {
        let resp = WireResponse {
            status: 200,
            headers: vec![("x-oss-version-id".into(), "v1".into())],
            body:
                b"<ListVersionsResult><NextKeyMarker>a&amp;b</NextKeyMarker></ListVersionsResult>"
                    .to_vec()
                    .into(),
        };
        assert_eq!(captured(&resp, "x-oss-version-id").as_deref(), Some("v1"));
        assert_eq!(captured(&resp, "xml:NextKeyMarker").as_deref(), Some("a&b"));
        assert_eq!(captured(&resp, "xml:Missing"), None);
    }
}
