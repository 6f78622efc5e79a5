//! SARIF 2.1.0 output, streamed: results are written as packages are scored,
//! the rule table (which depends on what fired) after them.
//!
//! One result per finding that added to the score of a package flagged
//! suspicious (`warning`) or malicious (`error`). The location is the
//! input file (with the JSONL line as `region.startLine`) and, as a logical
//! location, the package and the field of the finding. Input that cannot be
//! read becomes a `toolExecutionNotification`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use baitwatch::{Report, Verdict};
use serde_json::{Value, json};

/// Streams one SARIF log.
pub struct SarifWriter {
    rules: BTreeMap<String, RuleInfo>,
    notifications: Vec<Value>,
    results: u64,
}

struct RuleInfo {
    category: String,
    max_weight: f64,
}

/// A short description from the rule id: `typosquat.two-edits` →
/// `typosquat: two edits`.
fn describe(id: &str, category: &str) -> String {
    let what = id.split_once('.').map_or(id, |(_, rest)| rest);
    format!("{category}: {}", what.replace(['-', '_'], " "))
}

impl SarifWriter {
    pub fn new() -> SarifWriter {
        SarifWriter {
            rules: BTreeMap::new(),
            notifications: Vec::new(),
            results: 0,
        }
    }

    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(
            br#"{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"results":["#,
        )
    }

    pub fn report(&mut self, out: &mut dyn Write, report: &Report, origin: &str) -> io::Result<()> {
        let level = match report.verdict {
            Verdict::Malicious => "error",
            Verdict::Suspicious => "warning",
            _ => return Ok(()),
        };
        let (uri, line) = split_origin(origin);
        for s in report.findings.iter().filter(|s| s.contribution > 0.0) {
            let f = &s.finding;
            let info = self
                .rules
                .entry(f.rule.clone())
                .or_insert_with(|| RuleInfo {
                    category: f.category.to_string(),
                    max_weight: f.weight,
                });
            info.max_weight = info.max_weight.max(f.weight);
            let fqn = format!(
                "{}:{}{}/{}",
                report.ecosystem,
                report.name,
                if report.version.is_empty() {
                    String::new()
                } else {
                    format!("@{}", report.version)
                },
                f.field
            );
            let mut physical = json!({ "artifactLocation": { "uri": uri } });
            if let Some(line) = line {
                physical["region"] = json!({ "startLine": line });
            }
            let result = json!({
                "ruleId": f.rule,
                "level": level,
                "message": { "text": format!("{} {}: {} (score {}, {})", report.ecosystem, report.name, f.message, report.score, report.verdict) },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{ "name": report.name, "fullyQualifiedName": fqn, "kind": "member" }]
                }],
                "partialFingerprints": { "baitwatch/v1": format!("{}|{}|{}|{}", report.ecosystem, report.name, f.rule, f.field) },
                "properties": {
                    "package": report.name,
                    "ecosystem": report.ecosystem.as_str(),
                    "version": report.version,
                    "score": report.score,
                    "verdict": report.verdict.as_str(),
                    "field": f.field.as_str(),
                    "evidence": f.evidence,
                    "contribution": s.contribution,
                }
            });
            if self.results > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &result)?;
            self.results += 1;
        }
        Ok(())
    }

    pub fn error(&mut self, input: &str, error: &str) {
        // Keep the log bounded: the first 10,000 notifications.
        if self.notifications.len() < 10_000 {
            let (uri, line) = split_origin(input);
            let mut loc = json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } });
            if let Some(line) = line {
                loc["physicalLocation"]["region"] = json!({ "startLine": line });
            }
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": error },
                "locations": [loc],
            }));
        }
    }

    pub fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|(id, r)| {
                // GitHub reads security-severity (0.0–10.0) from rule properties.
                let severity = (r.max_weight / 10.0).clamp(0.1, 10.0);
                json!({
                    "id": id,
                    "name": id.replace(['.', '-'], "_"),
                    // The rule's own words, not one finding's (which names a
                    // package); each result carries its finding's message.
                    "shortDescription": { "text": describe(id, &r.category) },
                    "fullDescription": { "text": format!(
                        "baitwatch rule {id} ({} finding). Each result's message says what was found in which package and field; the rule tables in the baitwatch crate docs explain the rule and its weight.",
                        r.category
                    ) },
                    "defaultConfiguration": { "level": if r.max_weight >= 40.0 { "error" } else { "warning" } },
                    "properties": {
                        "tags": ["security", "supply-chain", r.category],
                        "precision": "medium",
                        "security-severity": format!("{severity:.1}"),
                    }
                })
            })
            .collect();
        let tool = json!({
            "driver": {
                "name": "baitwatch",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        });
        let invocation = json!({
            "executionSuccessful": true,
            "toolExecutionNotifications": self.notifications,
        });
        out.write_all(b"\n],\"tool\":")?;
        serde_json::to_writer(&mut *out, &tool)?;
        out.write_all(b",\"invocations\":[")?;
        serde_json::to_writer(&mut *out, &invocation)?;
        out.write_all(b"],\"columnKind\":\"unicodeCodePoints\"}]}\n")?;
        out.flush()
    }
}

/// `path:line` → (`path` as a URI reference, line); `path` → (`path`, None).
fn split_origin(origin: &str) -> (String, Option<u64>) {
    let (path, line) = match origin.rsplit_once(':') {
        Some((p, l)) if !p.is_empty() && l.chars().all(|c| c.is_ascii_digit()) && !l.is_empty() => {
            (p, l.parse().ok())
        }
        _ => (origin, None),
    };
    let uri: String = path
        .replace('\\', "/")
        .chars()
        .map(|c| {
            if c == ' ' {
                "%20".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect();
    (uri, line)
}
