use rampart_fix::remediation::remediate;
use rampart_fix::verify::Workspace;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::Path;

#[test]
fn scratch() {
    let only = std::env::var("RULES").unwrap_or_default();
    for rule in builtin_rules() {
        if !only.split(',').any(|r| r == rule.id) { continue; }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_rules/fixtures").join(rule.id);
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if !e.file_name().to_str().unwrap().starts_with("bad") { continue; }
            let ws = Workspace::load(&[e.path()], &LoadOptions::default(), builtin_rules(), EngineOptions::default());
            for f in ws.findings.iter().filter(|f| f.rule_id == rule.id) {
                if let Some(rem) = remediate(&ws, f) {
                    println!("== {} {} {:?}\n{}", rule.id, f.address, rem.verified, rem.targets.terraform.as_ref().map(|t| t.diff.clone()).unwrap_or_default());
                    println!("{}", serde_json::to_string(&rem.targets.cli).unwrap());
                    println!("{}", serde_json::to_string(&rem.safety).unwrap());
                }
            }
        }
    }
}
