use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, builtin_rules, run_rules};

#[test]
fn corpus() {
    let root = std::path::Path::new("/work/shared/corpora/trivy-checks");
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).unwrap()).unwrap();
    let mine = ["AWS-IAM", "AWS-S3", "AWS-RDS", "AWS-SNS", "AWS-SQS", "AWS-KMS", "AWS-EBS-002"];
    let (mut ok, mut bad) = (0, 0);
    for rule in builtin_rules().into_iter().filter(|r| mine.iter().any(|p| r.id.starts_with(p))) {
        for check in index["checks"].as_array().unwrap() {
            let avd = check["avd_id"].as_str().unwrap();
            if !rule.aliases.contains(&avd) { continue; }
            let Some(ex) = check["examples"].as_str() else { continue };
            let text = std::fs::read_to_string(root.join(ex)).unwrap();
            let y: serde_json::Value = serde_json::from_str(&std::process::Command::new("python3").arg("-c")
                .arg("import yaml,json,sys; print(json.dumps(yaml.safe_load(sys.stdin.read())))")
                .stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().map(|mut c| {
                    use std::io::Write; c.stdin.take().unwrap().write_all(text.as_bytes()).unwrap(); String::from_utf8(c.wait_with_output().unwrap().stdout).unwrap()
                }).unwrap()).unwrap();
            for kind in ["good", "bad"] {
                let Some(list) = y["terraform"][kind].as_array() else { continue };
                for (i, e) in list.iter().enumerate() {
                    let dir = tempfile::tempdir().unwrap();
                    std::fs::write(dir.path().join("main.tf"), e.as_str().unwrap()).unwrap();
                    let loaded = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
                    let n = run_rules(&loaded.inventory, &[rule], &EngineOptions::default()).len();
                    let agree = (kind == "bad") == (n > 0);
                    if agree { ok += 1 } else { bad += 1 }
                    println!("{} {} {avd} {kind} {i}: {n} findings{}", if agree {"  "} else {"XX"}, rule.id, if agree {""} else {" <-- disagree"});
                }
            }
        }
    }
    println!("agree {ok} disagree {bad}");
}
