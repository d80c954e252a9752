//! A broken Kubernetes manifest written as JSON is reported with file:line:col, like a broken
//! YAML manifest, and the other files still load.

use rampart_ingest::{LoadOptions, load_paths};

#[test]
fn broken_json_manifest_is_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pod.json"),
        "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"web\"},\n  \"spec\": {\"containers\": [ {\"name\": \"web\" \"image\": \"nginx\"} ]}\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: nginx:1.27\n",
    )
    .unwrap();
    // an unrelated JSON file that does not parse is still none of our business
    std::fs::write(dir.path().join("package.json"), "{ \"name\": ").unwrap();
    let out = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("pod.json"), "{errors:?}");
    assert_eq!(errors[0].line, 5, "{errors:?}");
    assert!(errors[0].column > 0);
    assert_eq!(
        out.inventory.of_kind("kubernetes_pod").count(),
        1,
        "the YAML manifest still loads"
    );
}
