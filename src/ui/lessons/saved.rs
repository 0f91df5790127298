//! Lesson progress across reloads, in `localStorage`.

use std::collections::BTreeMap;

/// Where a lesson stood, as kept in `localStorage` (the step and the captured values: the
/// checks judge the lab's state, which the lab's own storage keeps).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct SavedRun {
    pub(super) next: usize,
    pub(super) vars: BTreeMap<String, String>,
}

const SAVED_KEY: &str = "osslab.lessons";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saved progress by lesson slug (nothing, when storage is unavailable or the text is not ours).
pub(super) fn load_saved() -> BTreeMap<String, SavedRun> {
    local_storage()
        .and_then(|s| s.get_item(SAVED_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub(super) fn store_saved(saved: &BTreeMap<String, SavedRun>) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(saved)) {
        // A full or disabled storage only loses the progress, never the lab.
        let _ = s.set_item(SAVED_KEY, &text);
    }
}
