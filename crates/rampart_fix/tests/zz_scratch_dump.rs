#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use rampart_fix::remediation::remediate;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::Path;

#[test]
fn dump() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_rules/fixtures");
    let mut ids: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    ids.sort();
    for d in ids {
        let mut files: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        let rule_id = d.file_name().unwrap().to_str().unwrap().to_string();
        for f in files {
            let n = f.file_name().unwrap().to_str().unwrap().to_string();
            if !n.starts_with("bad") { continue; }
            let ws = rampart_fix::verify::Workspace::load(std::slice::from_ref(&f), &LoadOptions::default(), builtin_rules(), EngineOptions::default());
            for fi in ws.findings.iter().filter(|x| x.rule_id == rule_id) {
                let kind = ws.inventory().by_address(&fi.address).map(|r| format!("{:?}", r.format)).unwrap_or_default();
                match remediate(&ws, fi) {
                    None => println!("{rule_id} {n} {kind} {} NOFIX", fi.address),
                    Some(r) => {
                        println!("{rule_id} {n} {kind} {} {:?} cli={}", fi.address, r.verified, r.targets.cli.len());
                        println!("   {}", serde_json::to_string(&r.changes).unwrap());
                        if let Some(t) = &r.targets.cloudformation { println!("{}", t.diff); }
                    }
                }
            }
        }
    }
}
