//! Signal kinds: the named kinds of shared structure a campaign is made of.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! signal_kinds {
    ($($(#[$m:meta])* $var:ident => $s:literal, $strong:expr, $field:ident;)*) => {
        /// One kind of structure that packages of a campaign share.
        ///
        /// Each kind is the `<name>` of the rule id `campaign.<name>` that
        /// [`crate::Campaigns::findings_for`] reports. *Strong* kinds group
        /// packages on their own; the others (marked "needs corroboration")
        /// only group packages that share two of them at once (see
        /// [`SignalKind::is_strong`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum SignalKind {
            $($(#[$m])* $var,)*
        }

        impl SignalKind {
            /// Every kind, in a fixed order.
            pub const ALL: &'static [SignalKind] = &[$(SignalKind::$var,)*];

            /// The stable kebab-case name (the rule id without `campaign.`).
            pub fn as_str(self) -> &'static str {
                match self { $(SignalKind::$var => $s,)* }
            }

            /// Whether a key of this kind groups packages on its own; weak
            /// kinds need a second weak key shared by the same packages.
            pub fn is_strong(self) -> bool {
                match self { $(SignalKind::$var => $strong,)* }
            }

            /// The package field the evidence of this kind comes from.
            pub fn field(self) -> baitwatch_metadata::Field {
                match self { $(SignalKind::$var => baitwatch_metadata::Field::$field,)* }
            }
        }
    };
}

signal_kinds! {
    /// The name equals others once digits, years, random tokens and a
    /// trailing suffix are masked, and the masked parts look generated
    /// (`cash-app-money-generator-{x}`); or it has a literal first part and
    /// a long machine id, whatever lies between (`tool-…-{id:24}`).
    NameTemplate => "name-template", true, Name;
    /// Scoped npm names made only of lorem-ipsum words, under one scope
    /// (`@scope/{lorem}-{lorem}`).
    LoremScope => "lorem-scope", true, Name;
    /// Near-duplicate long description or README (MinHash over word
    /// shingles, with the package's own name masked).
    NearDuplicateText => "near-duplicate-text", true, Description;
    /// The same link-shortener URL or referral id.
    SharedShortLink => "shared-short-link", true, Description;
    /// Summary, description or author made of random letters, in the same
    /// pattern (which fields, which version).
    RandomMetadata => "random-metadata", true, Package;
    /// The same short summary once the package's own name is masked
    /// (needs corroboration).
    SummaryTemplate => "summary-template", false, Summary;
    /// The same name once a trailing word is masked, where the masked
    /// words look like ordinary words (`azure-mgmt-{x}`; needs corroboration).
    NamePrefix => "name-prefix", false, Name;
    /// The same character-class shape of name (`a-a9-a`, `a3`; needs
    /// corroboration).
    NameShape => "name-shape", false, Name;
    /// The same link domain (registrable domain, or code-host account;
    /// needs corroboration).
    SharedDomain => "shared-domain", false, Homepage;
    /// The same author, e-mail or maintainer, on the same day where the
    /// publication time is known (needs corroboration).
    SameAuthor => "same-author", false, Author;
    /// The same keyword set (needs corroboration).
    KeywordSet => "keyword-set", false, Keywords;
    /// The same empty or placeholder metadata shape and version (needs
    /// corroboration).
    MetadataShape => "metadata-shape", false, Package;
    /// The same name stem (the first letters of the name, separators
    /// dropped) on packages with poor metadata: a flood of variations on one
    /// word (`databasewinds`, `databasecrows`, `database-gizmo`). Groups on
    /// its own only in buckets of a bounded size, so a stem every other
    /// package starts with (`python`, `django`) never does.
    NameStem => "name-stem", false, Name;
    /// A version whose major number is 50 or more on a package with poor
    /// metadata, the mark of dependency-confusion uploads (needs
    /// corroboration; corroborates the metadata shape).
    HighVersion => "high-version", false, Version;
}

impl fmt::Display for SignalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl SignalKind {
    pub(crate) fn index(self) -> u8 {
        SignalKind::ALL
            .iter()
            .position(|k| *k == self)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(0)
    }

    pub(crate) fn from_index(i: u8) -> Option<SignalKind> {
        SignalKind::ALL.get(usize::from(i)).copied()
    }

    /// Which pairs of weak kinds corroborate each other. Pairs that real
    /// vendor families share (a summary template with a name prefix, say)
    /// are left out on purpose.
    pub(crate) fn corroborates(self, other: SignalKind) -> bool {
        use SignalKind::*;
        let (a, b) = if self <= other {
            (self, other)
        } else {
            (other, self)
        };
        matches!(
            (a, b),
            (SummaryTemplate, SameAuthor)
                | (SummaryTemplate, KeywordSet)
                | (SummaryTemplate, SharedDomain)
                | (SummaryTemplate, MetadataShape)
                | (NamePrefix, SameAuthor)
                | (NamePrefix, MetadataShape)
                | (NamePrefix, SharedDomain)
                | (NameShape, MetadataShape)
                | (NameShape, SameAuthor)
                | (SharedDomain, SameAuthor)
                | (SharedDomain, KeywordSet)
                | (SharedDomain, MetadataShape)
                | (SameAuthor, KeywordSet)
                | (KeywordSet, MetadataShape)
                | (MetadataShape, HighVersion)
        )
    }
}

/// One signal a campaign's members share: its kind, the shared key as a
/// person reads it, and how many members carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Signal {
    /// The kind of structure.
    pub kind: SignalKind,
    /// The shared key: a name template, domain, author, text sample ...
    pub evidence: String,
    /// How many members of the campaign carry this key.
    pub members: usize,
}
