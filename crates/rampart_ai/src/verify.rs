use std::time::Duration;

use crate::AuditRecord;

use crate::{
    AiRequest, Answer, Provider, Usage, offline_answer, parse_answer, preview, sha256_hex,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The model's answer passed the caller's verification.
    Verified,
    /// The answer (or the call) failed, with the reason.
    Rejected(String),
    /// Every model answer was rejected; the rule's own remediation stands.
    Offline,
}

/// One call to the provider and what became of it.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub verdict: Verdict,
    pub usage: Usage,
    pub latency: Duration,
    pub model: String,
    pub response: String,
    /// sha256 of the standard-form request body for this attempt (see [`crate::preview`]).
    pub prompt_sha256: String,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    /// With placeholders restored to the real values.
    pub answer: Answer,
    /// `Verified` or `Offline`.
    pub verdict: Verdict,
    pub attempts: Vec<Attempt>,
}

/// Asks, parses, restores placeholders and verifies; a rejection reason goes back to the model,
/// up to `retries` more times, and then the offline answer stands.
pub fn answer_verified<P: Provider + ?Sized>(
    provider: &P,
    request: &AiRequest,
    verify: impl Fn(&Answer) -> Result<(), String>,
    retries: usize,
) -> Outcome {
    let mut req = request.clone();
    let mut attempts = Vec::new();
    for _ in 0..=retries {
        let prompt_sha256 = sha256_hex(preview(&req, provider.model()).as_bytes());
        let completion = match provider.complete(&req) {
            Ok(c) => c,
            Err(e) => {
                // A transport failure will not improve by arguing with the model.
                attempts.push(Attempt {
                    verdict: Verdict::Rejected(e.to_string()),
                    usage: Usage::default(),
                    latency: Duration::ZERO,
                    model: provider.model().to_string(),
                    response: String::new(),
                    prompt_sha256,
                });
                break;
            }
        };
        let restored = request.redactions.restore(&completion.text);
        let result = parse_answer(&restored)
            .map_err(|e| e.to_string())
            .and_then(|a| verify(&a).map(|()| a));
        let verdict = match &result {
            Ok(_) => Verdict::Verified,
            Err(reason) => Verdict::Rejected(reason.clone()),
        };
        attempts.push(Attempt {
            verdict: verdict.clone(),
            usage: completion.usage,
            latency: completion.latency,
            model: completion.model,
            response: completion.text,
            prompt_sha256,
        });
        match result {
            Ok(answer) => {
                return Outcome {
                    answer,
                    verdict: Verdict::Verified,
                    attempts,
                };
            }
            Err(reason) => req.feedback.push(request.redactions.reapply(&reason)),
        }
    }
    let answer = offline_answer(request);
    let answer = parse_answer(
        &request
            .redactions
            .restore(&serde_json::to_string(&answer).unwrap_or_default()),
    )
    .unwrap_or(answer);
    Outcome {
        answer,
        verdict: Verdict::Offline,
        attempts,
    }
}

impl Outcome {
    /// One audit record per provider call, ready for [`crate::AuditLog::append`].
    pub fn audit_records(
        &self,
        who: &str,
        provider: &str,
        request: &AiRequest,
    ) -> Vec<AuditRecord> {
        self.attempts
            .iter()
            .map(|a| AuditRecord {
                who: who.to_string(),
                provider: provider.to_string(),
                model: a.model.clone(),
                prompt_sha256: a.prompt_sha256.clone(),
                redactions: request.redactions.summary(),
                response_sha256: sha256_hex(a.response.as_bytes()),
                prompt_tokens: a.usage.prompt_tokens,
                completion_tokens: a.usage.completion_tokens,
                latency_ms: u64::try_from(a.latency.as_millis()).unwrap_or(u64::MAX),
                verdict: match &a.verdict {
                    Verdict::Verified => "verified".into(),
                    Verdict::Rejected(r) => format!("rejected: {r}"),
                    Verdict::Offline => "offline".into(),
                },
                ..AuditRecord::default()
            })
            .collect()
    }
}
