use std::time::Instant;

use crate::{AiError, AiRequest, Answer, Completion, Provider, Risk, Usage};

/// Answers from the rule's own remediation and explanation: deterministic, no network.
#[derive(Clone, Copy, Debug, Default)]
pub struct OfflineProvider;

/// The answer the rule itself gives; what stands when a model's answers are all rejected.
pub fn offline_answer(request: &AiRequest) -> Answer {
    let f = &request.finding;
    Answer {
        explanation: if f.explanation.is_empty() {
            f.title.clone()
        } else {
            f.explanation.clone()
        },
        steps: f
            .remediation
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        edit: None,
        cli: Vec::new(),
        risk: Risk {
            level: if f.safe { "safe" } else { "unsafe" }.into(),
            reason: "the rule's own remediation".into(),
        },
    }
}

impl Provider for OfflineProvider {
    fn name(&self) -> &str {
        "offline"
    }
    fn model(&self) -> &str {
        "rules"
    }
    fn complete(&self, request: &AiRequest) -> Result<Completion, AiError> {
        let start = Instant::now();
        let text = serde_json::to_string(&offline_answer(request))
            .map_err(|e| AiError::Malformed(e.to_string()))?;
        Ok(Completion {
            text,
            usage: Usage::default(),
            latency: start.elapsed(),
            model: "rules".into(),
        })
    }
}
