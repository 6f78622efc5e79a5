//! What a check reports: [`Squat`] and the [`Technique`] it names.

use std::fmt;

macro_rules! techniques {
    ($($(#[$m:meta])* $var:ident => $rule:literal, $what:literal;)*) => {
        /// How a name imitates a popular one. Each technique is one rule
        /// id, `typosquat.<technique>`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Technique {
            $($(#[$m])* $var,)*
        }

        impl Technique {
            /// Every technique, in rule-table order.
            pub const ALL: &'static [Technique] = &[$(Technique::$var,)*];

            /// The stable rule id, e.g. `typosquat.omitted-char`.
            pub fn rule(self) -> &'static str {
                match self {
                    $(Technique::$var => $rule,)*
                }
            }

            /// A few words saying what the technique is.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Technique::$var => $what,)*
                }
            }
        }
    };
}

techniques! {
    /// Letters from another script (Cyrillic `а`, Greek `ο` ...) that look
    /// like the Latin letters of a popular name.
    Homoglyph => "typosquat.homoglyph", "letters from another script that look like Latin ones";
    /// Latin-looking letters from another script mixed into a Latin name,
    /// with no popular name found behind them.
    MixedScript => "typosquat.mixed-script", "Latin-looking letters from another script mixed into the name";
    /// ASCII sequences that look alike: `rn`/`m`, `l`/`1`/`I`, `0`/`o`, `vv`/`w`.
    ConfusableChars => "typosquat.confusable-chars", "characters that look alike";
    /// Separators (`-`, `_`, `.`, none) changed beyond the registry's own
    /// normalisation.
    Separator => "typosquat.separator", "separators changed";
    /// One character inserted.
    InsertedChar => "typosquat.inserted-char", "one character inserted";
    /// One character left out.
    OmittedChar => "typosquat.omitted-char", "one character left out";
    /// A character doubled.
    RepeatedChar => "typosquat.repeated-char", "a character doubled";
    /// One character replaced by an unrelated one.
    SubstitutedChar => "typosquat.substituted-char", "one character replaced";
    /// One character replaced by its neighbour on a QWERTY keyboard.
    KeyboardTypo => "typosquat.keyboard-typo", "one character replaced by a keyboard neighbour";
    /// One character replaced by one differing in a single bit.
    Bitflip => "typosquat.bitflip", "one character differing by one bit";
    /// Two adjacent characters swapped.
    SwappedChars => "typosquat.swapped-chars", "two adjacent characters swapped";
    /// Two edits in a long name.
    TwoEdits => "typosquat.two-edits", "two character edits in a long name";
    /// Edits confined to one dotted segment of a NuGet id.
    SegmentEdit => "typosquat.segment-edit", "an edit inside one dotted segment";
    /// The same words in another order.
    WordOrder => "typosquat.word-order", "the same words in another order";
    /// Two or more words of a popular name turned plural or singular
    /// (`colours-names` for `colour-name`).
    PluralWords => "typosquat.plural-words", "two or more words turned plural or singular";
    /// A popular name with a generic prefix or suffix (`-utils`, `py-`, `.Core` ...).
    Affix => "typosquat.affix", "a popular name with a generic prefix or suffix";
    /// A popular name combined with other words (`chai-sparkle`): weak
    /// context on its own, as most such names are honest plugins.
    Combosquat => "typosquat.combosquat", "a popular name combined with other words";
    /// A popular name with a version number appended (`numpy2`, `requests3`).
    VersionSuffix => "typosquat.version-suffix", "a popular name with a version number appended";
    /// An npm scope added, changed or folded into the name.
    ScopeConfusion => "typosquat.scope-confusion", "an npm scope added, changed or folded into the name";
}

impl Technique {
    /// Whether the technique makes the name look like the target itself
    /// (edits, look-alike letters, separators, reordering, affixes and
    /// version suffixes) rather than merely containing it (combosquats,
    /// scopes) or mixing scripts with no target.
    ///
    /// ```
    /// use baitwatch_typosquat::Technique;
    /// assert!(Technique::OmittedChar.is_lookalike());
    /// assert!(!Technique::Combosquat.is_lookalike());
    /// ```
    pub fn is_lookalike(self) -> bool {
        !matches!(
            self,
            Technique::Combosquat | Technique::ScopeConfusion | Technique::MixedScript
        )
    }
}

impl fmt::Display for Technique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rule())
    }
}

/// One popular name a checked name appears to imitate.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Squat {
    /// The popular name, as the popular list spells it.
    pub target: String,
    /// The target's rank in its list, 1 = most popular.
    pub rank: u32,
    /// How the name imitates the target.
    pub technique: Technique,
    /// Character edits between the folded names (0 for separator,
    /// look-alike, affix, word-order and scope findings).
    pub distance: u8,
    /// Points (of 100) this squat adds to a package's score by default.
    pub weight: f64,
    /// What changed, for a person, e.g. ``"`e` and `u` swapped"``.
    pub detail: String,
}
