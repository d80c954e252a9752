use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AiError;

/// What a model (or the offline provider) proposes for one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub explanation: String,
    pub steps: Vec<String>,
    pub edit: Option<Edit>,
    pub cli: Vec<String>,
    pub risk: Risk,
}

/// A change to the source: `format` is terraform/cloudformation/kubernetes/…; `text` is either
/// the replacement text or a unified diff, as `patch` says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub format: String,
    pub patch: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// `safe` (cannot break a working system) or `unsafe`.
    pub level: String,
    pub reason: String,
}

/// The JSON Schema of [`Answer`], strict-mode compatible (every property required).
pub fn answer_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["explanation", "steps", "edit", "cli", "risk"],
        "properties": {
            "explanation": {"type": "string"},
            "steps": {"type": "array", "items": {"type": "string"}},
            "edit": {
                "type": ["object", "null"],
                "additionalProperties": false,
                "required": ["format", "patch", "text"],
                "properties": {
                    "format": {"type": "string"},
                    "patch": {"type": "boolean"},
                    "text": {"type": "string"}
                }
            },
            "cli": {"type": "array", "items": {"type": "string"}},
            "risk": {
                "type": "object",
                "additionalProperties": false,
                "required": ["level", "reason"],
                "properties": {
                    "level": {"type": "string", "enum": ["safe", "unsafe"]},
                    "reason": {"type": "string"}
                }
            }
        }
    })
}

/// Parses model output. Tolerates a ```json fence, since many servers add one in json_object mode.
pub fn parse_answer(text: &str) -> Result<Answer, AiError> {
    let trimmed = text.trim();
    let body = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|s| s.strip_suffix("```"))
        .unwrap_or(trimmed);
    let answer: Answer = serde_json::from_str(body.trim())
        .map_err(|e| AiError::Malformed(format!("not a valid answer object: {e}")))?;
    if answer.risk.level != "safe" && answer.risk.level != "unsafe" {
        return Err(AiError::Malformed(format!(
            "risk.level must be safe or unsafe, got {:?}",
            answer.risk.level
        )));
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fenced_answer_and_rejects_bad_ones() {
        let good = r#"```json
{"explanation":"e","steps":["s"],"edit":null,"cli":[],"risk":{"level":"safe","reason":"r"}}
```"#;
        assert_eq!(parse_answer(good).unwrap().steps, vec!["s".to_string()]);
        let err = parse_answer("{\"explanation\": 1}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("malformed"), "{err}");
        let bad_risk = r#"{"explanation":"e","steps":[],"edit":null,"cli":[],"risk":{"level":"meh","reason":"r"}}"#;
        assert!(
            parse_answer(bad_risk)
                .unwrap_err()
                .to_string()
                .contains("risk.level")
        );
    }
}
