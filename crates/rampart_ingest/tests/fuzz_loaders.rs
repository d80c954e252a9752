//! Seeded mutation fuzzing of every loader: the repository's real fixtures (rule fixtures,
//! `examples/`, the loader fixtures) mutated by bit flips, truncation, splices between seeds,
//! hostile tokens (`${`, `!Ref`, `[parameters('p')]`, anchors…) and deep nesting.
//!
//! Properties, beyond "does not panic": every error is about the file loaded, at a line
//! inside it (≥ 1, ≤ its line count + 1) and a column ≥ 1; every span of a resource lies
//! inside the text, on character boundaries; loading the same text twice gives the same
//! resources and errors. Budgets: see `fuzz_support` (`bench/fuzz.sh` runs these for longer).

mod fuzz_support;

use fuzz_support::{
    Mutation, Seed, line_count, mutate, mutate_bytes, mutations, reached, run, seeds,
};
use proptest::prelude::*;
use rampart_ingest::documents::load_document_text;
use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};
use rampart_model::{LoadError, Resource, Span};

const TERRAFORM_TOKENS: &[&str] = &[
    "${",
    "}",
    "%{",
    "%{ for x in y ~}",
    "%{ endfor }",
    "{",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\n",
    "=",
    "<<EOT\n",
    "<<-EOT\n",
    "\nEOT\n",
    "#",
    "//",
    "/*",
    "*/",
    "\\",
    "var.",
    "local.",
    "each.key",
    "count.index",
    "[*]",
    ".*",
    "? ",
    " : ",
    "for k, v in ",
    " => ",
    "...",
    "try(",
    "can(",
    "lookup(",
    "module.",
    "resource \"aws_s3_bucket\" \"x\" {\n",
    "dynamic \"d\" {\n",
    "locals {\n a = local.a\n}\n",
    "\u{feff}",
    "\0",
    "é",
    "1e999",
    "-0",
    "null",
    "true",
    // whole values, for `Mutation::Value`
    "var.nope",
    "local.nope",
    "var.env",
    "[for x in var.ports : x * 2]",
    "{ for k, v in local.tags : v => k... }",
    "aws_s3_bucket.b[*].arn",
    "aws_s3_bucket.b[99].id",
    "module.site.id",
    "try(var.x.y, null)",
    "can(regex(\"(\", \"a\"))",
    "cidrsubnet(\"10.0.0.0/8\", 200, 1)",
    "jsondecode(\"{\")",
    "format(\"%999999d\", 1)",
    "range(1e9)",
    "\"${var.x}${local.y}\"",
    "true ? local.a : var.b",
    "length(null)",
    "element([], 0)",
    "lookup({}, \"k\")",
    "1 / 0",
    "\"\" == null",
    "!null",
    "-\"a\"",
    "tolist(toset([1, \"1\"]))",
    "merge(null, {})",
    "flatten([[[[]]]])",
    "templatestring(\"${x}\", {})",
    "file(\"/etc/passwd\")",
    "each.value",
    "self.id",
];

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "-1",
    "1e999",
    "\"${var.x}\"",
    "\"${",
    "\"//\": ",
    "\"resource\": ",
    "\"module\": ",
    "\"after_unknown\": true",
    "\"values\": ",
    "\"instances\": [",
    "[parameters('p')]",
    "[variables('v')]",
    "[concat(",
    "[reference(",
    "\"Fn::If\": ",
    "\"Ref\": ",
    "\u{feff}",
    // whole values, for `Mutation::Value`
    "\"[parameters('p')]\",",
    "\"[concat(parameters('p'), variables('v'))]\",",
    "\"[[literal]\",",
    "\"[if(equals(1, 1), 'a')]\",",
    "\"[format('{0}{1}', 'a')]\",",
    "\"[reference('x').y]\",",
    "{\"Ref\": \"Nope\"},",
    "{\"Fn::GetAtt\": [\"A\", \"B\"]},",
    "{\"Fn::Sub\": \"${Nope}\"},",
    "{\"Fn::If\": [\"C\", 1]},",
    "{\"Fn::Join\": [\",\", {\"Ref\": \"AWS::NoValue\"}]},",
    "null,",
    "[],",
    "{},",
    "1e999,",
    "\"${var.x}\",",
    "\"\\u0000\",",
];

const YAML_TOKENS: &[&str] = &[
    "!Ref ",
    "!Sub ",
    "!GetAtt ",
    "!If ",
    "!Join ",
    "!Select ",
    "!FindInMap ",
    "!Base64 ",
    "!Cidr ",
    "!Condition ",
    "!Not ",
    "!Equals ",
    "!ImportValue ",
    "${",
    "${!",
    "}",
    "[",
    "]",
    "{",
    ":",
    ": ",
    "- ",
    "? ",
    "\n",
    "  ",
    "\t",
    "\"",
    "'",
    "&a ",
    "*a",
    "<<: *a",
    "---\n",
    "...\n",
    "kind: List\nitems:\n",
    "apiVersion: v1\n",
    "kind: Pod\n",
    "!!binary ",
    "!!str ",
    "|\n",
    ">-\n",
    "%YAML 1.2\n",
    "Fn::If",
    "Ref",
    "AWS::NoValue",
    "AWS::Region",
    "{{ .Values.x }}",
    "\u{feff}",
    "é",
    "null",
    "~",
    "0x1F",
    "1e999",
    // whole values, for `Mutation::Value`
    "!Ref Nope",
    "!Ref AWS::NoValue",
    "!GetAtt A.B",
    "!GetAtt [A, B, C]",
    "!Sub '${Nope}'",
    "!Sub ['${a}', {a: !Ref b}]",
    "!If [Nope, 1, 2]",
    "!Select [99, [a]]",
    "!Select [-1, []]",
    "!FindInMap [M, !Ref AWS::Region, k]",
    "!Join ['', !Ref AWS::NoValue]",
    "!Base64 {}",
    "!Cidr [10.0.0.0/8, 999, 8]",
    "!Split [',', !Ref P]",
    "!GetAZs ''",
    "*undefined",
    "&x [*x]",
    "{{ .Values.image }}",
    "[a, [b, [c, [d]]]]",
    "{a: {b: {c: {}}}}",
    "\"0.0.0.0/0\"",
    "'0'",
    "-1",
    ".inf",
    "!!int x",
    "!!map []",
];

fn terraform_seeds() -> Vec<Seed> {
    seeds(
        &[
            "crates/rampart_rules/fixtures",
            "examples",
            "crates/rampart_ingest/tests/fixtures/terraform",
        ],
        &[".tf", ".tfvars"],
    )
}

fn json_terraform_seeds() -> Vec<Seed> {
    seeds(
        &["crates/rampart_ingest/tests/fixtures/terraform"],
        &[".tf.json", ".tfvars.json"],
    )
}

fn yaml_seeds(marker: &str, fixtures: &str) -> Vec<Seed> {
    let mut all = seeds(&["crates/rampart_rules/fixtures"], &[".yaml", ".yml"]);
    all.retain(|s| s.text.contains(marker));
    all.extend(seeds(&[fixtures], &[".yaml", ".yml", ".json", ".template"]));
    all
}

fn cloudformation_seeds() -> Vec<Seed> {
    yaml_seeds(
        "Resources:",
        "crates/rampart_ingest/tests/fixtures/cloudformation",
    )
}

fn kubernetes_seeds() -> Vec<Seed> {
    yaml_seeds(
        "apiVersion:",
        "crates/rampart_ingest/tests/fixtures/kubernetes",
    )
}

fn arm_seeds() -> Vec<Seed> {
    let mut all = seeds(&["crates/rampart_rules/fixtures"], &["_arm.json"]);
    all.extend(seeds(
        &["crates/rampart_ingest/tests/fixtures/arm"],
        &[".json"],
    ));
    all
}

fn plan_seeds() -> Vec<Seed> {
    seeds(&["crates/rampart_ingest/tests/fixtures/plan"], &[".json"])
}

/// `(seed index, mutations)` for a seed set of `count` seeds.
fn case(count: usize, tokens: usize) -> impl Strategy<Value = (usize, Vec<Mutation>)> {
    (0..count.max(1), mutations(tokens, count))
}

/// The error is about `file`, at a position inside `text`.
pub fn error_inside(e: &LoadError, file: &str, text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(&e.file, file, "error about another file: {:?}", e);
    prop_assert!(
        e.line >= 1 && e.line <= line_count(text) + 1,
        "error line outside the file ({} lines): {:?}",
        line_count(text),
        e
    );
    prop_assert!(e.column >= 1, "error column 0: {:?}", e);
    Ok(())
}

fn span_inside(span: &Span, text: &str, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start_byte <= span.end_byte && span.end_byte <= text.len(),
        "{} span {}..{} outside a text of {} bytes",
        what,
        span.start_byte,
        span.end_byte,
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start_byte) && text.is_char_boundary(span.end_byte),
        "{} span {}..{} splits a character",
        what,
        span.start_byte,
        span.end_byte
    );
    prop_assert!(
        span.start.line >= 1 && span.start <= span.end,
        "{} span positions {:?}",
        what,
        span
    );
    Ok(())
}

/// Every span of `r` that points into `file` lies inside `text`.
fn resource_inside(r: &Resource, file: &str, text: &str) -> Result<(), TestCaseError> {
    let spans = r
        .origin
        .span()
        .into_iter()
        .chain(r.attribute_spans.values())
        .chain(r.value_origins.values());
    for span in spans.filter(|s| &*s.file == file) {
        span_inside(span, text, &r.address)?;
    }
    Ok(())
}

/// What a load is compared on for determinism.
fn summary(resources: &[Resource], errors: &[LoadError]) -> (Vec<String>, Vec<String>) {
    let mut addresses: Vec<String> = resources
        .iter()
        .map(|r| format!("{} {:?}", r.address, r.attributes))
        .collect();
    addresses.sort();
    (addresses, errors.iter().map(ToString::to_string).collect())
}

fn check_terraform(name: &str, text: &str) -> Result<(), TestCaseError> {
    let out = load_terraform_text(name, text);
    if !out.inventory.is_empty() {
        reached();
    }
    let loaded = out
        .sources
        .get(name)
        .map(|t| t.to_string())
        .unwrap_or_else(|| text.to_string());
    for e in &out.errors {
        error_inside(e, name, &loaded)?;
    }
    for r in out.inventory.resources() {
        resource_inside(r, name, &loaded)?;
    }
    let again = load_terraform_text(name, text);
    prop_assert_eq!(
        summary(out.inventory.resources(), &out.errors),
        summary(again.inventory.resources(), &again.errors),
        "two loads of the same text differ"
    );
    Ok(())
}

fn check_document(name: &str, text: &str) -> Result<(), TestCaseError> {
    let options = LoadOptions::default();
    let out = load_document_text(name, text, &options);
    if !out.resources.is_empty() {
        reached();
    }
    let loaded = out
        .sources
        .get(name)
        .map(|t| t.to_string())
        .unwrap_or_else(|| text.to_string());
    for e in &out.errors {
        error_inside(e, name, &loaded)?;
    }
    for r in &out.resources {
        resource_inside(r, name, &loaded)?;
    }
    let again = load_document_text(name, text, &options);
    prop_assert_eq!(
        summary(&out.resources, &out.errors),
        summary(&again.resources, &again.errors),
        "two loads of the same text differ"
    );
    Ok(())
}

/// The file name a mutated seed is loaded as: its own extension, so dispatch is exercised.
fn file_name(seed: &Seed) -> String {
    let base = seed.name.rsplit('/').next().unwrap_or("f");
    base.to_string()
}

fn document_target(target: &str, cases: u32, all: Vec<Seed>, tokens: &'static [&'static str]) {
    assert!(!all.is_empty(), "no seeds for {target}");
    run(target, cases, case(all.len(), tokens.len()), |(i, ms)| {
        let seed = &all[i];
        let text = mutate(&seed.text, &ms, tokens, &all);
        check_document(&file_name(seed), &text)
    });
}

#[test]
fn fuzz_terraform_hcl() {
    let all = terraform_seeds();
    // a lower bound on purpose: the seed corpus (every fixture) grows with each rule; this
    // only proves the walk found it. The fixtures themselves are checked exactly elsewhere.
    assert!(all.len() > 100, "only {} Terraform seeds", all.len());
    run(
        "terraform_hcl",
        300,
        case(all.len(), TERRAFORM_TOKENS.len()),
        |(i, ms)| {
            let seed = &all[i];
            let text = mutate(&seed.text, &ms, TERRAFORM_TOKENS, &all);
            // tfvars seeds too are loaded as configuration: their text is HCL
            check_terraform("main.tf", &text)
        },
    );
}

#[test]
fn fuzz_terraform_json() {
    let all = json_terraform_seeds();
    assert!(!all.is_empty(), "no .tf.json seeds");
    run(
        "terraform_json",
        200,
        case(all.len(), JSON_TOKENS.len()),
        |(i, ms)| {
            let text = mutate(&all[i].text, &ms, JSON_TOKENS, &all);
            check_terraform("main.tf.json", &text)
        },
    );
}

#[test]
fn fuzz_cloudformation() {
    let all = cloudformation_seeds();
    // lower bound on purpose: a growing corpus (see the Terraform seeds)
    assert!(all.len() > 50, "only {} CloudFormation seeds", all.len());
    document_target("cloudformation", 300, all, YAML_TOKENS);
}

#[test]
fn fuzz_cloudformation_json_form() {
    let all: Vec<Seed> = seeds(
        &["crates/rampart_ingest/tests/fixtures/cloudformation"],
        &[".json"],
    )
    .into_iter()
    .filter(|s| s.text.contains("Resources"))
    .collect();
    document_target("cloudformation_json", 150, all, JSON_TOKENS);
}

#[test]
fn fuzz_kubernetes() {
    let all = kubernetes_seeds();
    // lower bound on purpose: a growing corpus (see the Terraform seeds)
    assert!(all.len() > 20, "only {} Kubernetes seeds", all.len());
    document_target("kubernetes", 300, all, YAML_TOKENS);
}

#[test]
fn fuzz_arm() {
    document_target("arm", 200, arm_seeds(), JSON_TOKENS);
}

#[test]
fn fuzz_plan_and_state() {
    document_target("plan_state", 200, plan_seeds(), JSON_TOKENS);
}

/// Raw bytes (not read back as text: invalid UTF-8 stays invalid) written to a folder and
/// loaded through discovery, as a scan reads a repository.
#[test]
fn fuzz_files_on_disk() {
    let mut all = terraform_seeds();
    all.truncate(150);
    all.extend(cloudformation_seeds().into_iter().take(60));
    all.extend(kubernetes_seeds().into_iter().take(30));
    all.extend(arm_seeds());
    all.extend(plan_seeds());
    all.extend(json_terraform_seeds());
    let tokens: Vec<&str> = TERRAFORM_TOKENS
        .iter()
        .chain(YAML_TOKENS)
        .chain(JSON_TOKENS)
        .copied()
        .collect();
    run(
        "files_on_disk",
        60,
        case(all.len(), tokens.len()),
        |(i, ms)| {
            let seed = &all[i];
            let bytes = mutate_bytes(&seed.text, &ms, &tokens, &all);
            let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let name = file_name(seed);
            let path = dir.path().join(&name);
            std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let out = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
            if !out.inventory.is_empty() {
                reached();
            }
            let shown = path.to_string_lossy().into_owned();
            let text = String::from_utf8_lossy(&bytes);
            for e in &out.errors {
                error_inside(e, &shown, &text)?;
            }
            for r in out.inventory.resources() {
                let loaded = out
                    .sources
                    .get(shown.as_str())
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| text.to_string());
                resource_inside(r, &shown, &loaded)?;
            }
            Ok(())
        },
    );
}

// Regressions: cases the campaign found, minimised.

/// A raw newline inside a JSON string: serde_json reports column 0 of the next line; every
/// loader that reads JSON reports column 1 instead (positions are 1-based everywhere).
#[test]
fn json_error_at_a_line_start_is_at_column_1() {
    let text = "{\n  \"resource\": \"a\nb\"\n}\n";
    let terraform = load_terraform_text("main.tf.json", text);
    let arm = "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n\"resources\": \"a\nb\"}";
    let documents = [
        load_document_text(
            "template.json",
            "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\"Resources\": \"a\nb\"}",
            &LoadOptions::default(),
        )
        .errors,
        load_document_text("arm.json", arm, &LoadOptions::default()).errors,
    ];
    let errors: Vec<&LoadError> = terraform
        .errors
        .iter()
        .chain(documents.iter().flatten())
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    for e in errors {
        assert!(e.line >= 1 && e.column == 1, "{e:?}");
    }
}
