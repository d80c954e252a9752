#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use saphyr::{MarkedYaml, YamlData, LoadableYamlNode};

fn walk(text: &str, n: &MarkedYaml<'_>, depth: usize) {
    let s = n.span;
    let (a, b) = (s.start.index(), s.end.index());
    let snippet: String = text.chars().skip(a).take(b.saturating_sub(a)).collect();
    let kind = match &n.data { YamlData::Mapping(_) => "map", YamlData::Sequence(_) => "seq", YamlData::Tagged(..) => "tag", YamlData::Value(_) => "val", YamlData::Representation(..) => "repr", _ => "other" };
    println!("{}{kind} [{a}..{b}] line {} {:?}", "  ".repeat(depth), s.start.line(), snippet);
    match &n.data {
        YamlData::Mapping(m) => for (k, v) in m.iter() { walk(text, k, depth + 1); walk(text, v, depth + 2); },
        YamlData::Sequence(items) => for i in items { walk(text, i, depth + 1); },
        YamlData::Tagged(_, inner) => walk(text, inner, depth + 1),
        _ => {}
    }
}

#[test]
fn spans() {
    let text = "A: 1\nResources:\n  B: # c\n    Type: \"x\"\n    P: !Ref Foo\n    Q: [a, 'b']\n    L:\n      - k: 1\n        j: 2\n      # comment\n      - k: 3\n    M: {x: 1}\n    S: |\n      text\n  C:\n    Type: y\n";
    let docs = MarkedYaml::load_from_str(text).unwrap();
    walk(text, &docs[0], 0);
    let json = "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"x\",\n      \"P\": {\"Ref\": \"Foo\"},\n      \"L\": [1, 2]\n    }\n  }\n}\n";
    let docs = MarkedYaml::load_from_str(json).unwrap();
    walk(json, &docs[0], 0);
}
