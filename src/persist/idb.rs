//! IndexedDB store (todo)
