use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, builtin_rules, run_rules};
use std::path::Path;

#[test]
fn dump() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs {
        let id = d.file_name().unwrap().to_str().unwrap().to_string();
        if !["AWS-IAM", "AWS-S3", "AWS-RDS", "AWS-SNS", "AWS-SQS", "AWS-KMS", "AWS-EBS-002"].iter().any(|p| id.starts_with(p)) { continue; }
        let rule = builtin_rules().into_iter().find(|r| r.id == id).unwrap();
        let mut entries: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            let loaded = load_paths(std::slice::from_ref(&e), &LoadOptions::default());
            let f = run_rules(&loaded.inventory, &[rule], &EngineOptions::default());
            println!("{id} {} -> {}", e.file_name().unwrap().to_str().unwrap(), f.len());
            for x in f {
                let fixed = rule.fix.and_then(|fx| {
                    let r = loaded.inventory.by_address(&x.address)?;
                    fx(r, &rampart_rules::Hit { attribute: x.attribute.clone(), message: String::new() })
                });
                println!("   L{} {} [{}] {}\n      fix: {}", x.line().unwrap_or(0), x.address, x.attribute.clone().unwrap_or_default(), x.message,
                    fixed.map(|f| serde_json::to_string(&f).unwrap()).unwrap_or("-".into()));
            }
        }
    }
}
