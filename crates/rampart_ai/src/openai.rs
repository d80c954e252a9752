use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{AiConfig, AiError, AiRequest, Completion, OutputMode, Provider, ProviderKind, Usage};

/// OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp) and Azure OpenAI.
/// ureq (blocking, rustls) rather than async-openai: already in the workspace and needs no runtime.
#[derive(Debug)]
pub struct OpenAiProvider {
    config: AiConfig,
    agent: ureq::Agent,
}

impl OpenAiProvider {
    pub fn new(config: AiConfig) -> Result<Self, AiError> {
        if config.base_url.trim().is_empty() {
            return Err(AiError::Config("RAMPART_AI_BASE_URL is empty".into()));
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Self { config, agent })
    }

    /// The endpoint URL (no secrets in it: the key travels in a header).
    pub fn endpoint(&self) -> String {
        let base = self.config.base_url.trim_end_matches('/');
        match self.config.provider {
            ProviderKind::Azure => format!(
                "{base}/openai/deployments/{}/chat/completions?api-version={}",
                self.config.model, self.config.azure_api_version
            ),
            _ => format!("{base}/chat/completions"),
        }
    }

    /// One POST with retries on 429/5xx: Retry-After when given, else exponential backoff.
    fn post(&self, body: &str) -> Result<(u16, String), AiError> {
        let endpoint = self.endpoint();
        let mut delay = self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = self
                .agent
                .post(&endpoint)
                .header("Content-Type", "application/json");
            let key = self.config.api_key.expose();
            if !key.is_empty() {
                req = match self.config.provider {
                    ProviderKind::Azure => req.header("api-key", key),
                    _ => req.header("Authorization", &format!("Bearer {key}")),
                };
            }
            let failed = |e: ureq::Error| match e {
                ureq::Error::Timeout(_) => AiError::Timeout {
                    endpoint: endpoint.clone(),
                    seconds: self.config.timeout.as_secs(),
                },
                e => AiError::Http {
                    endpoint: endpoint.clone(),
                    reason: e.to_string(),
                },
            };
            let mut resp = req.send(body).map_err(failed)?;
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok());
            let text = resp.body_mut().read_to_string().map_err(failed)?;
            let retryable = status == 429 || status >= 500;
            if !retryable {
                return Ok((status, text));
            }
            if attempt > self.config.max_retries {
                return Err(AiError::Exhausted {
                    endpoint,
                    attempts: attempt,
                    status,
                    body: truncate(&text),
                });
            }
            // Retry-After is capped so a hostile server cannot park the scan for hours.
            let wait = retry_after.map_or(delay, |s| Duration::from_secs(s.min(60)));
            std::thread::sleep(wait);
            delay = delay.saturating_mul(2);
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(300).collect()
}

fn parse_completion(endpoint: &str, text: &str) -> Result<(String, Usage, String), AiError> {
    let bad = |reason: String| AiError::Http {
        endpoint: endpoint.to_string(),
        reason,
    };
    let v: Value =
        serde_json::from_str(text).map_err(|e| bad(format!("response is not JSON: {e}")))?;
    let content = v
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("response has no choices[0].message.content".into()))?;
    let usage = Usage {
        prompt_tokens: v
            .pointer("/usage/prompt_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        completion_tokens: v
            .pointer("/usage/completion_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(0),
    };
    let model = v
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok((content.to_string(), usage, model))
}

impl Provider for OpenAiProvider {
    fn name(&self) -> &str {
        match self.config.provider {
            ProviderKind::Azure => "azure",
            _ => "openai",
        }
    }
    fn model(&self) -> &str {
        &self.config.model
    }
    fn complete(&self, request: &AiRequest) -> Result<Completion, AiError> {
        let start = Instant::now();
        let endpoint = self.endpoint();
        let mut mode = OutputMode::JsonSchema;
        loop {
            let body = request.body(&self.config.model, mode).to_string();
            let (status, text) = self.post(&body)?;
            if status == 200 {
                let (content, usage, model) = parse_completion(&endpoint, &text)?;
                let model = if model.is_empty() {
                    self.config.model.clone()
                } else {
                    model
                };
                return Ok(Completion {
                    text: content,
                    usage,
                    latency: start.elapsed(),
                    model,
                });
            }
            // Servers without json_schema support say so in a 400; fall back once to json_object.
            if status == 400 && mode == OutputMode::JsonSchema && text.contains("response_format") {
                mode = OutputMode::JsonObject;
                continue;
            }
            return Err(AiError::Rejected {
                endpoint,
                status,
                body: truncate(&text),
            });
        }
    }
}
