//! `baitwatch campaigns`: group a batch into campaigns and print them.

use std::io::{self, Write};

use baitwatch::Package;
use baitwatch::campaign::{Campaign, Campaigns};
use serde::Serialize;

use crate::Slot;

/// Members listed per campaign in text output (JSON lists them all).
const TEXT_MEMBERS: usize = 10;

/// One member as printed.
#[derive(Serialize)]
struct MemberOut<'a> {
    /// `path:line` or `path`.
    input: &'a str,
    ecosystem: &'a str,
    name: &'a str,
    version: &'a str,
    /// The kinds of signal this member carries.
    signals: Vec<&'static str>,
}

/// One signal as printed.
#[derive(Serialize)]
struct SignalOut<'a> {
    kind: &'static str,
    rule: String,
    members: usize,
    evidence: &'a str,
}

/// One campaign as printed (JSON and JSONL).
#[derive(Serialize)]
struct CampaignOut<'a> {
    campaign: usize,
    size: usize,
    strong: bool,
    signals: Vec<SignalOut<'a>>,
    members: Vec<MemberOut<'a>>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    input: &'a str,
    error: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    records: usize,
    errors: Vec<ErrorOut<'a>>,
    campaigns: Vec<CampaignOut<'a>>,
}

/// The output formats of `campaigns`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CampaignFormat {
    Text,
    Json,
    Jsonl,
}

/// Origins of the packages, by package index.
fn origins(slots: &[Slot], n: usize) -> Vec<&str> {
    let mut out = vec![""; n];
    for s in slots {
        if let Slot::Package { index, origin } = s
            && let Some(o) = out.get_mut(*index)
        {
            *o = origin.as_str();
        }
    }
    out
}

fn campaign_out<'a>(
    c: &'a Campaign,
    packages: &'a [Package],
    origins: &[&'a str],
) -> CampaignOut<'a> {
    CampaignOut {
        campaign: c.id,
        size: c.size,
        strong: c.strong,
        signals: c
            .signals
            .iter()
            .map(|s| SignalOut {
                kind: s.kind.as_str(),
                rule: format!("campaign.{}", s.kind.as_str()),
                members: s.members,
                evidence: &s.evidence,
            })
            .collect(),
        members: c
            .members
            .iter()
            .map(|m| {
                let p = packages.get(m.index);
                let mut kinds: Vec<&'static str> = m
                    .signals
                    .iter()
                    .filter_map(|&i| c.signals.get(i).map(|s| s.kind.as_str()))
                    .collect();
                kinds.dedup();
                MemberOut {
                    input: origins.get(m.index).copied().unwrap_or(""),
                    ecosystem: m.ecosystem.as_str(),
                    name: &m.name,
                    version: p.map_or("", |p| p.version.as_str()),
                    signals: kinds,
                }
            })
            .collect(),
    }
}

/// Writes the campaigns (and the error records) in `format`.
pub fn write(
    out: &mut dyn Write,
    format: CampaignFormat,
    packages: &[Package],
    slots: &[Slot],
    campaigns: &Campaigns,
) -> io::Result<()> {
    let origins = origins(slots, packages.len());
    let errors = slots.iter().filter_map(|s| match s {
        Slot::Failed { input, error, .. } => Some(ErrorOut { input, error }),
        _ => None,
    });
    match format {
        CampaignFormat::Jsonl => {
            for e in errors {
                serde_json::to_writer(&mut *out, &e)?;
                out.write_all(b"\n")?;
            }
            for c in campaigns {
                serde_json::to_writer(&mut *out, &campaign_out(c, packages, &origins))?;
                out.write_all(b"\n")?;
            }
        }
        CampaignFormat::Json => {
            let doc = Document {
                records: packages.len(),
                errors: errors.collect(),
                campaigns: campaigns
                    .iter()
                    .map(|c| campaign_out(c, packages, &origins))
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            out.write_all(b"\n")?;
        }
        CampaignFormat::Text => {
            for e in errors {
                writeln!(out, "{}: error: {}", e.input, e.error)?;
            }
            for c in campaigns {
                write_text(out, &campaign_out(c, packages, &origins))?;
            }
        }
    }
    out.flush()
}

fn write_text(out: &mut dyn Write, c: &CampaignOut<'_>) -> io::Result<()> {
    writeln!(
        out,
        "campaign #{}: {} packages{}",
        c.campaign,
        c.size,
        if c.strong { "" } else { " (weak signals only)" }
    )?;
    for s in &c.signals {
        writeln!(
            out,
            "  {:<22} {:>6} of {}  {}",
            s.rule,
            s.members,
            c.size,
            one_line(s.evidence)
        )?;
    }
    for m in c.members.iter().take(TEXT_MEMBERS) {
        let version = if m.version.is_empty() {
            String::new()
        } else {
            format!(" {}", one_line(m.version))
        };
        writeln!(
            out,
            "    {} {}{}  [{}]  ({})",
            m.ecosystem,
            one_line(m.name),
            version,
            m.signals.join(", "),
            m.input
        )?;
    }
    if c.members.len() > TEXT_MEMBERS {
        writeln!(out, "    ... and {} more", c.members.len() - TEXT_MEMBERS)?;
    }
    writeln!(out)
}

/// Control characters (a hostile name's newline or escape) shown escaped.
fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
