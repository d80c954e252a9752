//! The committed rule reference (`docs/rules/`) must be exactly what the registry generates
//! today: regenerate it into a temporary folder and compare file by file.

use rampart_dev::defaults_page::DEFAULTS_PAGE;
use rampart_dev::docs::{INDEX, differences, generate, write_pages};
use rampart_dev::scaffold::FIXTURES;
use rampart_dev::{REGENERATE, repo_root};
use rampart_rules::builtin_rules;

#[test]
fn committed_rule_docs_are_fresh() {
    let root = repo_root();
    let generated = generate(&builtin_rules(), &root.join(FIXTURES)).expect("docs generate");
    let scratch = tempfile::tempdir().expect("temp dir");
    write_pages(scratch.path(), &generated.pages).expect("docs write");
    // what was written is what was generated, and it covers every rule plus the index and the
    // provider defaults page
    assert_eq!(
        differences(scratch.path(), &generated.pages).expect("read back"),
        Vec::<String>::new()
    );
    assert_eq!(generated.pages.len(), builtin_rules().len() + 2);
    assert!(generated.pages.contains_key(INDEX));
    assert!(generated.pages.contains_key(DEFAULTS_PAGE));

    let committed = root.join("docs/rules");
    let stale: Vec<String> = generated
        .pages
        .keys()
        .filter_map(|name| {
            let fresh = std::fs::read(scratch.path().join(name)).ok();
            let old = std::fs::read(committed.join(name)).ok();
            (fresh != old).then(|| name.clone())
        })
        .chain(
            differences(&committed, &generated.pages)
                .unwrap_or_default()
                .into_iter()
                .filter(|d| d.contains("not generated")),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules is stale: run `{REGENERATE}` ({} files differ: {})",
        stale.len(),
        stale
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
}
