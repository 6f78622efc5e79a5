//! The grouping result: campaigns, their members and signals, and the
//! `campaign.*` findings of each member.

use std::fmt;

use baitwatch_metadata::{Ecosystem, Finding};
use serde::{Deserialize, Serialize};

use crate::{Signal, SignalKind};

/// One package of a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Member {
    /// Position of the package in the input (0-based, in `add` order).
    pub index: usize,
    /// Its registry.
    pub ecosystem: Ecosystem,
    /// Its name as given.
    pub name: String,
    /// Indices into [`Campaign::signals`] of the signals this member carries.
    pub signals: Vec<usize>,
}

/// A group of packages that share structure: one actor's output, most
/// likely.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Campaign {
    /// 1-based position in the result (largest campaign first).
    pub id: usize,
    /// Number of members.
    pub size: usize,
    /// Whether a strong signal (one that groups on its own) holds it
    /// together; campaigns held only by corroborated weak signals are
    /// reported but weigh less in findings.
    pub strong: bool,
    /// The shared signals, most widely shared first (at most 12).
    pub signals: Vec<Signal>,
    /// The members, in input order.
    pub members: Vec<Member>,
}

impl Campaign {
    /// The score points a member of this campaign gets for carrying a
    /// signal of `kind` (see the crate docs for the table).
    pub fn weight(&self, kind: SignalKind) -> f64 {
        let size = self.size.max(1) as f64;
        let grow = (size / 5.0).log10().max(0.0);
        let w = match kind {
            SignalKind::LoremScope => 30.0 + 8.0 * grow,
            SignalKind::NameTemplate | SignalKind::NearDuplicateText => 25.0 + 7.5 * grow,
            SignalKind::SharedShortLink | SignalKind::RandomMetadata => 30.0 + 7.5 * grow,
            _ if self.strong => 3.0 + 2.0 * grow,
            _ => 6.0 + 3.0 * grow,
        };
        let cap = if kind.is_strong() {
            50.0
        } else if self.strong {
            8.0
        } else {
            12.0
        };
        (w.min(cap) * 10.0).round() / 10.0
    }

    /// The `campaign.<kind>` findings of member `member` (a position in
    /// [`Campaign::members`]); empty when out of range.
    pub fn member_findings(&self, member: usize) -> Vec<Finding> {
        let Some(m) = self.members.get(member) else {
            return Vec::new();
        };
        let mut best: Vec<(SignalKind, &Signal)> = Vec::new();
        for &i in &m.signals {
            if let Some(s) = self.signals.get(i)
                && !best.iter().any(|(k, _)| *k == s.kind)
            {
                best.push((s.kind, s));
            }
        }
        best.into_iter()
            .map(|(kind, s)| {
                Finding::new(
                    format!("campaign.{kind}"),
                    self.weight(kind),
                    kind.field(),
                    s.evidence.clone(),
                    format!(
                        "one of {} packages in campaign #{} sharing {kind} ({} of them)",
                        self.size, self.id, s.members
                    ),
                )
            })
            .collect()
    }
}

impl fmt::Display for Campaign {
    /// A few lines for a person: size, signals, up to 20 members.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "campaign #{}: {} packages{}",
            self.id,
            self.size,
            if self.strong {
                ""
            } else {
                " (weak signals only)"
            }
        )?;
        for s in &self.signals {
            writeln!(
                f,
                "  {:<20} {:>6}  {}",
                s.kind.as_str(),
                s.members,
                s.evidence
            )?;
        }
        let shown = self.members.len().min(20);
        for m in self.members.iter().take(shown) {
            writeln!(f, "    {} {}", m.ecosystem, m.name)?;
        }
        if self.members.len() > shown {
            writeln!(f, "    ... and {} more", self.members.len() - shown)?;
        }
        Ok(())
    }
}

/// All campaigns found in one batch, with a map from input position to
/// campaign.
///
/// Serialises as `{"campaigns": [...]}`; the position map is not
/// serialised (rebuild it from [`Member::index`] if needed), so after a
/// round trip [`Campaigns::findings_for`] finds nothing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Campaigns {
    /// The campaigns, largest first (ties: earliest first member first).
    pub campaigns: Vec<Campaign>,
    /// For each input position: (campaign position in `campaigns`, member
    /// position in it).
    #[serde(skip)]
    pub(crate) membership: Vec<Option<(u32, u32)>>,
}

impl Campaigns {
    /// The campaign that input package `index` belongs to, if any.
    pub fn campaign_of(&self, index: usize) -> Option<&Campaign> {
        let (c, _) = self.membership.get(index).copied().flatten()?;
        self.campaigns.get(c as usize)
    }

    /// The `campaign.*` findings for input package `index` (empty when it
    /// is in no campaign), ready to add to that package's report.
    pub fn findings_for(&self, index: usize) -> Vec<Finding> {
        match self.membership.get(index).copied().flatten() {
            Some((c, m)) => self
                .campaigns
                .get(c as usize)
                .map(|camp| camp.member_findings(m as usize))
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// Number of campaigns.
    pub fn len(&self) -> usize {
        self.campaigns.len()
    }

    /// Whether no campaign was found.
    pub fn is_empty(&self) -> bool {
        self.campaigns.is_empty()
    }

    /// The campaigns, largest first.
    pub fn iter(&self) -> std::slice::Iter<'_, Campaign> {
        self.campaigns.iter()
    }

    /// The campaigns, dropping the membership map.
    pub fn into_vec(self) -> Vec<Campaign> {
        self.campaigns
    }
}

impl<'a> IntoIterator for &'a Campaigns {
    type Item = &'a Campaign;
    type IntoIter = std::slice::Iter<'a, Campaign>;
    fn into_iter(self) -> Self::IntoIter {
        self.campaigns.iter()
    }
}

impl fmt::Display for Campaigns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.campaigns {
            writeln!(f, "{c}")?;
        }
        Ok(())
    }
}
