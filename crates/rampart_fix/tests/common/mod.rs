//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::expect_used)] // test helpers: a failed step fails the test

use rampart_fix::edits;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_ingest::load_terraform_text;
use rampart_model::{Change, Edit, Value};

/// Renders `changes` on one Terraform text and returns the fixed text; asserts it still loads.
pub fn fix_text(name: &str, text: &str, changes: &[Change]) -> String {
    let loaded = load_terraform_text(name, text);
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "input does not load: {:?}",
        loaded.errors
    );
    let ctx = RenderContext {
        inventory: &loaded.inventory,
        sources: &loaded.sources,
    };
    let rendered = render_changes(changes, &ctx).expect("changes render");
    let refs: Vec<&Edit> = rendered.iter().collect();
    let fixed = edits::apply(text, &refs).expect("edits apply");
    let again = load_terraform_text(name, &fixed);
    assert!(
        again.errors.iter().all(|e| !e.is_error()),
        "fixed text does not load: {:?}\n{fixed}",
        again.errors
    );
    fixed
}

pub fn set(address: &str, path: &str, value: impl Into<Value>) -> Change {
    Change::SetAttribute {
        address: address.into(),
        path: path.into(),
        value: value.into(),
    }
}

pub fn remove(address: &str, path: &str) -> Change {
    Change::RemoveAttribute {
        address: address.into(),
        path: path.into(),
    }
}
