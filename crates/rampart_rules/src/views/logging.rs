//! Questions logging and audit rules ask: is a VPC covered by a flow log, is a value that
//! names a KMS key or log group set at all. Answers are three-valued: an unresolved reference
//! counts as "set" (something is named there) and a flow log whose target cannot be resolved
//! makes coverage `Unknown`, never `False`. Nothing here reports on its own.

use rampart_model::{Resource, ResourceRef, Truth, Value};

/// Whether an attribute holds a non-empty value. An unknown value (a reference to a key or log
/// group) is set: something is named, even if it is not known which.
pub fn is_set(resource: &Resource, path: &str) -> Truth {
    match resource.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
        Some(Value::List(items)) => Truth::from_bool(!items.is_empty()),
        Some(_) => Truth::True,
    }
}

/// The value of a string attribute: `Ok(Some)` when known, `Ok(None)` when absent or null,
/// `Err(())` when not known statically.
#[allow(clippy::result_unit_err)]
pub fn known_str<'a>(resource: &'a Resource, path: &str) -> Result<Option<&'a str>, ()> {
    match resource.get(path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(()),
    }
}

/// Whether a VPC has a flow log: `True` when an `aws_flow_log` is joined to it; `Unknown`
/// when some flow log's `vpc_id` is an unresolved reference that may be this VPC; `False`
/// otherwise. A literal `vpc_id` that matches no VPC in the inventory is taken to name a VPC
/// managed elsewhere.
pub fn vpc_has_flow_log(vpc: ResourceRef<'_>) -> Truth {
    if vpc.related("aws_flow_log").next().is_some() {
        return Truth::True;
    }
    let pending = vpc.inventory.memo(PendingFlowLogs::build);
    if pending.any_vpc || pending.named.contains(vpc.address.as_str()) {
        Truth::Unknown
    } else {
        Truth::False
    }
}

/// What the inventory's flow logs leave open, built once per inventory (checking every flow
/// log for every VPC is quadratic): whether some flow log may cover any VPC (its `vpc_id` is
/// unknown and names nothing found, or is not a string), and the addresses that unknown
/// `vpc_id`s name (a flow log naming this VPC without being joined to it).
struct PendingFlowLogs {
    any_vpc: bool,
    named: std::collections::HashSet<String>,
}

impl PendingFlowLogs {
    fn build(inventory: &rampart_model::Inventory) -> PendingFlowLogs {
        let mut pending = PendingFlowLogs {
            any_vpc: false,
            named: std::collections::HashSet::new(),
        };
        for flow_log in inventory.of_kind("aws_flow_log") {
            match flow_log.get("vpc_id") {
                Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
                    Some(a) if inventory.id_of(a).is_some() => {
                        pending.named.insert(a.to_string());
                    }
                    _ => pending.any_vpc = true,
                },
                Some(Value::Null) | None | Some(Value::String(_)) => {}
                Some(_) => pending.any_vpc = true,
            }
        }
        pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Inventory, Origin};

    fn resource(kind: &str, name: &str, attrs: &[(&str, Value)]) -> Resource {
        let mut r = Resource::new(
            kind,
            format!("{kind}.{name}"),
            Origin::Live {
                provider: "aws".into(),
                account: "1".into(),
                region: "r".into(),
                id: name.into(),
            },
        );
        for (k, v) in attrs {
            r.attributes.insert((*k).to_string(), v.clone());
        }
        r
    }

    #[test]
    fn flow_log_coverage_is_three_valued() {
        let vpc = || resource("aws_vpc", "main", &[]);
        let other = || resource("aws_vpc", "other", &[]);

        let joined = Inventory::new(vec![
            vpc(),
            resource(
                "aws_flow_log",
                "f",
                &[("vpc_id", Value::unknown_ref("aws_vpc.main"))],
            ),
        ]);
        let Some(v) = joined.by_address("aws_vpc.main") else {
            panic!("vpc")
        };
        assert_eq!(vpc_has_flow_log(v), Truth::True);

        let elsewhere = Inventory::new(vec![
            vpc(),
            other(),
            resource(
                "aws_flow_log",
                "f",
                &[("vpc_id", Value::unknown_ref("aws_vpc.other"))],
            ),
        ]);
        let Some(v) = elsewhere.by_address("aws_vpc.main") else {
            panic!("vpc")
        };
        assert_eq!(vpc_has_flow_log(v), Truth::False);

        let unresolved = Inventory::new(vec![
            vpc(),
            resource("aws_flow_log", "f", &[("vpc_id", Value::unknown())]),
        ]);
        let Some(v) = unresolved.by_address("aws_vpc.main") else {
            panic!("vpc")
        };
        assert_eq!(vpc_has_flow_log(v), Truth::Unknown);

        let none = Inventory::new(vec![vpc()]);
        let Some(v) = none.by_address("aws_vpc.main") else {
            panic!("vpc")
        };
        assert_eq!(vpc_has_flow_log(v), Truth::False);
    }

    #[test]
    fn unknown_values_count_as_set() {
        let r = resource(
            "aws_cloudtrail",
            "t",
            &[
                ("kms_key_id", Value::unknown()),
                ("empty", Value::string("")),
            ],
        );
        assert_eq!(is_set(&r, "kms_key_id"), Truth::True);
        assert_eq!(is_set(&r, "empty"), Truth::False);
        assert_eq!(is_set(&r, "absent"), Truth::False);
        assert_eq!(known_str(&r, "kms_key_id"), Err(()));
        assert_eq!(known_str(&r, "empty"), Ok(Some("")));
    }
}
