//! Generates the rule registry from the files under `src/rules/<provider>/`: adding a rule is
//! adding one file that defines `pub static RULE: Rule`. Nothing else is edited.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // read at run time: `env!` would freeze the folder the script was compiled in, and a target
    // directory shared by two checkouts would then build one checkout's rules into the other
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest_dir).join("src/rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if let Ok(providers) = std::fs::read_dir(&root) {
        for provider in providers.flatten() {
            if !provider.path().is_dir() {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(provider.path()) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "rs") {
                        files.push(path);
                    }
                }
            }
        }
    }
    files.sort();
    let mut out = String::new();
    let mut list = String::new();
    for path in &files {
        let provider = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("x");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        let module = format!("{provider}_{stem}");
        let _ = writeln!(
            out,
            "#[path = {:?}]\nmod {module};",
            path.display().to_string()
        );
        let _ = writeln!(list, "    &{module}::RULE,");
    }
    let _ = writeln!(
        out,
        "/// Every built-in rule, in file order.\npub static BUILTIN: &[&Rule] = &[\n{list}];"
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("rules.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
