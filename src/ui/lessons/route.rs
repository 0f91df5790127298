//! Which lesson a URL names, and the URL of each lesson.

use crate::lessons::{all, Lesson};

/// The lessons (static data; a [`Run`](crate::lessons::Run) borrows its lesson).
pub fn lessons() -> &'static [Lesson] {
    all()
}

/// What a URL hash asks for: `None` when it is not a lessons hash (`#objects`, …),
/// `Some(None)` for the list (`#/lessons`), `Some(Some(i))` for lesson `i`.
pub fn route(hash: &str) -> Option<Option<usize>> {
    let rest = hash.trim_start_matches('#').strip_prefix("/lessons")?;
    let slug = rest.trim_matches('/');
    if slug.is_empty() {
        return Some(None);
    }
    Some(lessons().iter().position(|l| l.slug == slug))
}

pub fn lesson_href(slug: &str) -> String {
    format!("#/lessons/{slug}")
}
