//! Attribute paths of user rules (`versioning.0.enabled`, `ingress[*].cidr_blocks`,
//! `tags.owner`) and their resolution against a resource, keeping "absent" and "unknown"
//! apart. Resolution never panics and never allocates more than the values it reaches.

use rampart_model::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A map key; on a list it applies to every item (nested blocks are lists).
    Key(String),
    /// A list index (`0` or `[0]`).
    Index(usize),
    /// Every item of a list or every value of a map (`*` or `[*]`).
    Each,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    /// As written, for messages and finding locations.
    pub text: String,
    pub segments: Vec<Segment>,
}

impl AttrPath {
    /// Parses `a.b[0].c[*]`, `a.0.c.*`. Errors say what is wrong with the path.
    pub fn parse(text: &str) -> Result<AttrPath, String> {
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (head, brackets) = match part.find('[') {
                Some(i) => part.split_at(i),
                None => (part, ""),
            };
            if head.is_empty() && brackets.is_empty() {
                return Err(format!("attribute path `{text}` has an empty segment"));
            }
            if !head.is_empty() {
                segments.push(match head {
                    "*" => Segment::Each,
                    _ => match head.parse::<usize>() {
                        Ok(i) => Segment::Index(i),
                        Err(_) => Segment::Key(head.to_string()),
                    },
                });
            }
            let mut rest = brackets;
            while !rest.is_empty() {
                let Some(inner_end) = rest.find(']') else {
                    return Err(format!("attribute path `{text}` has an unclosed `[`"));
                };
                let inner = rest.get(1..inner_end).unwrap_or("");
                segments.push(match inner {
                    "*" => Segment::Each,
                    _ => Segment::Index(inner.parse::<usize>().map_err(|_| {
                        format!(
                            "attribute path `{text}`: `[{inner}]` is neither `[*]` nor an index"
                        )
                    })?),
                });
                rest = rest.get(inner_end + 1..).unwrap_or("");
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!(
                        "attribute path `{text}`: expected `.` or `[` after `]`"
                    ));
                }
            }
        }
        if segments.is_empty() {
            return Err("attribute path is empty".into());
        }
        Ok(AttrPath {
            text: text.to_string(),
            segments,
        })
    }

    /// True when the path names one place (no `[*]`), so a finding can point at it.
    pub fn is_single(&self) -> bool {
        !self.segments.contains(&Segment::Each)
    }
}

/// What a path reaches in one resource.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot<'a> {
    Present(&'a Value),
    Absent,
    /// The path runs through an unknown value: it could be anything.
    Unknown,
}

/// Every slot the path reaches. `[*]` over an empty list reaches nothing; a key on an empty
/// list (a missing nested block) reaches one `Absent` slot.
pub fn resolve<'a>(attributes: &'a BTreeMap<String, Value>, path: &AttrPath) -> Vec<Slot<'a>> {
    let Some((first, rest)) = path.segments.split_first() else {
        return Vec::new();
    };
    let mut current: Vec<Slot<'a>> = match first {
        Segment::Key(k) => vec![attributes.get(k).map_or(Slot::Absent, Slot::Present)],
        Segment::Each => attributes.values().map(Slot::Present).collect(),
        Segment::Index(i) => vec![
            attributes
                .get(&i.to_string())
                .map_or(Slot::Absent, Slot::Present),
        ],
    };
    for segment in rest {
        let mut next = Vec::with_capacity(current.len());
        for slot in current {
            step(slot, segment, &mut next);
        }
        current = next;
    }
    current
}

fn step<'a>(slot: Slot<'a>, segment: &Segment, out: &mut Vec<Slot<'a>>) {
    let value = match slot {
        Slot::Present(v) => v,
        other => return out.push(other),
    };
    match (value, segment) {
        (Value::Unknown(_), _) => out.push(Slot::Unknown),
        (Value::Null, Segment::Each) => {}
        (Value::Null, _) => out.push(Slot::Absent),
        (Value::Map(m), Segment::Key(k)) => out.push(m.get(k).map_or(Slot::Absent, Slot::Present)),
        (Value::Map(m), Segment::Index(i)) => {
            out.push(m.get(&i.to_string()).map_or(Slot::Absent, Slot::Present))
        }
        (Value::Map(m), Segment::Each) => out.extend(m.values().map(Slot::Present)),
        (Value::List(items), Segment::Index(i)) => {
            out.push(items.get(*i).map_or(Slot::Absent, Slot::Present))
        }
        (Value::List(items), Segment::Each) => out.extend(items.iter().map(Slot::Present)),
        (Value::List(items), key @ Segment::Key(_)) => {
            if items.is_empty() {
                out.push(Slot::Absent);
            }
            for item in items {
                step(Slot::Present(item), key, out);
            }
        }
        (scalar, Segment::Each) => out.push(Slot::Present(scalar)),
        (_, _) => out.push(Slot::Absent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(json: serde_json::Value) -> BTreeMap<String, Value> {
        match Value::from_json(&json) {
            Value::Map(m) => m,
            _ => BTreeMap::new(),
        }
    }

    #[test]
    fn parses_dots_indexes_and_wildcards() {
        let p = AttrPath::parse("ingress[*].cidr_blocks[0]").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            p.segments,
            vec![
                Segment::Key("ingress".into()),
                Segment::Each,
                Segment::Key("cidr_blocks".into()),
                Segment::Index(0)
            ]
        );
        assert!(!p.is_single());
        assert!(AttrPath::parse("a..b").is_err());
        assert!(AttrPath::parse("a[x]").is_err());
        assert!(AttrPath::parse("a[1").is_err());
        assert!(AttrPath::parse("a.0.b").is_ok_and(|p| p.is_single()));
    }

    #[test]
    fn keeps_absent_and_unknown_apart() {
        let a = attrs(serde_json::json!({"versioning": [], "tags": {"a": "b"}, "list": [1, 2]}));
        let path = |t: &str| AttrPath::parse(t).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resolve(&a, &path("versioning.enabled")), vec![Slot::Absent]);
        assert_eq!(resolve(&a, &path("versioning[*].enabled")), vec![]);
        assert_eq!(resolve(&a, &path("tags.missing")), vec![Slot::Absent]);
        assert_eq!(resolve(&a, &path("list[*]")).len(), 2);
        let mut b = a.clone();
        b.insert("tags".into(), Value::unknown());
        assert_eq!(resolve(&b, &path("tags.a")), vec![Slot::Unknown]);
    }
}
