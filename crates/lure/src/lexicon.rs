//! The categorised lure lexicon.

use std::fmt;
use std::path::Path;

use crate::BuildError;

macro_rules! classes {
    ($($(#[$m:meta])* $var:ident => $s:literal,)*) => {
        /// What a lexicon term stands for. Rules combine classes: a term
        /// alone rarely means anything, several classes together do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum TermClass {
            $($(#[$m])* $var,)*
        }

        impl TermClass {
            /// Every class, in bit order.
            pub const ALL: &'static [TermClass] = &[$(TermClass::$var,)*];

            /// The class name used in lexicon files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(TermClass::$var => $s,)*
                }
            }

            /// Parses a class name as used in lexicon files.
            pub fn from_name(name: &str) -> Option<TermClass> {
                match name {
                    $($s => Some(TermClass::$var),)*
                    _ => None,
                }
            }
        }
    };
}

classes! {
    /// A game currency that is a lure by itself (robux, v-bucks, primogems).
    Currency => "currency",
    /// A game item or generic currency that needs a game to mean anything (coins, gems, skins).
    Item => "item",
    /// A game title (roblox, fortnite, free fire, coin master).
    Game => "game",
    /// A social-media boost (followers, likes, fans, views).
    Boost => "boost",
    /// A social platform or app (tiktok, instagram, youtube).
    Platform => "platform",
    /// A gift card, redeem code or "free money" phrase.
    GiftCard => "giftcard",
    /// A payment app (cash app, paypal, venmo).
    PayApp => "payapp",
    /// Money words (money, cash, dinero).
    Money => "money",
    /// A software crack phrase strong by itself (mod apk, kmspico, crack download).
    Crack => "crack",
    /// Crack and key words that count in pairs (crack, keygen, activation key).
    CrackWord => "crackword",
    /// Hacks and cheats (hack, cheat, aimbot, mod menu).
    Hack => "hack",
    /// Accounts and passwords.
    Account => "account",
    /// A piracy or streaming-SEO phrase (full movie, 123movies, watch online).
    Piracy => "piracy",
    /// Media words that count only together with piracy phrases (watch, movie, hd).
    Media => "media",
    /// A gambling phrase (slot gacor, judi, togel).
    Gambling => "gambling",
    /// Betting words that count only together with gambling phrases (casino, bonus).
    Betting => "betting",
    /// A crypto currency.
    Crypto => "crypto",
    /// Crypto giveaway words (giveaway, doubler, fake transaction).
    Giveaway => "giveaway",
    /// A spam campaign phrase strong by itself (no human verification, no survey).
    Campaign => "campaign",
    /// Weak campaign words that count in names only (legit, working, updated, apk).
    Promo => "promo",
    /// A brand whose customers sign-in phishing pages target: crypto
    /// wallets, exchanges and trading apps (metamask, coinbase, trezor).
    Brand => "brand",
    /// The words of a sign-in page (login, sign in, trezor.io/start).
    Login => "login",
    /// A customer-support line (customer service, helpline, toll free).
    Support => "support",
    /// A telephone number: found by its shape ([`MatchHow::Shape`](crate::MatchHow::Shape)),
    /// or a phrase that names one (customer service number).
    Phone => "phone",
    /// "Free" in any language.
    Free => "free",
    /// "Generator" in any language.
    Generator => "generator",
    /// "Unlimited" in any language.
    Unlimited => "unlimited",
    /// A benign context that cancels every lure term it overlaps (cheat sheet, free port).
    Benign => "benign",
}

impl TermClass {
    pub(crate) fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for TermClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lexicon entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Term {
    /// Its class.
    pub class: TermClass,
    /// The term as written (it is normalised when the detector is built).
    pub text: String,
    /// Whether near misspellings of this single-word term also match.
    pub fuzzy: bool,
}

/// The embedded lexicon files, by category.
const EMBEDDED: &[(&str, &str)] = &[
    ("benign.txt", include_str!("../data/benign.txt")),
    ("campaign.txt", include_str!("../data/campaign.txt")),
    ("crack.txt", include_str!("../data/crack.txt")),
    ("crypto.txt", include_str!("../data/crypto.txt")),
    ("currency.txt", include_str!("../data/currency.txt")),
    ("gambling.txt", include_str!("../data/gambling.txt")),
    ("giftcard.txt", include_str!("../data/giftcard.txt")),
    ("hacking.txt", include_str!("../data/hacking.txt")),
    ("login.txt", include_str!("../data/login.txt")),
    ("piracy.txt", include_str!("../data/piracy.txt")),
    ("social.txt", include_str!("../data/social.txt")),
    ("support.txt", include_str!("../data/support.txt")),
];

/// The embedded list of core lure words that tolerate misspellings.
const FUZZY: &str = include_str!("../data/fuzzy.txt");

/// The embedded data files, by file name.
#[cfg(test)]
fn embedded_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    EMBEDDED
        .iter()
        .copied()
        .chain(std::iter::once(("fuzzy.txt", FUZZY)))
}

/// A categorised list of lure terms.
///
/// The file format is one term a line, `class<TAB>term`, where class is a
/// [`TermClass`] name; a `~` before the class (`~robux`) marks a core
/// word whose near misspellings (`robx`, `rbuox`) also match. Empty lines
/// and lines starting with `#` are ignored. Terms are matched as whole
/// words after the same normalisation as the scanned text, so `v-bucks`,
/// `V Bucks` and `ｖ－ｂｕｃｋｓ` are the same term.
///
/// ```
/// use baitwatch_lure::{Lexicon, TermClass};
/// let mut lex = Lexicon::parse("# my additions\ncurrency\tstarcoins\n~game\tspacecraft legends\n")?;
/// assert_eq!(lex.len(), 2);
/// lex.add(TermClass::Free, "umsonst");
/// assert!(Lexicon::embedded().len() > 500);
/// # Ok::<(), baitwatch_lure::BuildError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    terms: Vec<Term>,
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// The lexicon embedded in this crate: every category, in English,
    /// Spanish, Portuguese, Indonesian, French, German, Russian, Turkish
    /// and Vietnamese.
    pub fn embedded() -> Lexicon {
        let mut lex = Lexicon::new();
        for (name, text) in EMBEDDED {
            // The embedded files are checked by a test; a bad line is skipped.
            if let Ok(more) = Lexicon::parse_named(text, name) {
                lex.extend(more);
            }
        }
        for line in FUZZY.lines() {
            if let Some((class, term)) = line.split_once('\t')
                && let Some(class) = TermClass::from_name(class)
            {
                lex.terms.push(Term {
                    class,
                    text: term.to_owned(),
                    fuzzy: true,
                });
            }
        }
        lex
    }

    /// Parses lexicon text (see the type docs for the format).
    pub fn parse(text: &str) -> Result<Lexicon, BuildError> {
        Lexicon::parse_named(text, "<text>")
    }

    fn parse_named(text: &str, source: &str) -> Result<Lexicon, BuildError> {
        let mut terms = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let err = |message: &str| BuildError::Lexicon {
                origin: source.to_owned(),
                line: i + 1,
                message: message.to_owned(),
            };
            let (class, term) = line
                .split_once('\t')
                .ok_or_else(|| err("expected `class<TAB>term`"))?;
            let (fuzzy, class) = match class.trim().strip_prefix('~') {
                Some(c) => (true, c),
                None => (false, class.trim()),
            };
            let class = TermClass::from_name(class).ok_or_else(|| err("unknown class"))?;
            let term = term.trim();
            if term.is_empty() {
                return Err(err("empty term"));
            }
            if term.len() > 200 {
                return Err(err("term longer than 200 bytes"));
            }
            terms.push(Term {
                class,
                text: term.to_owned(),
                fuzzy,
            });
        }
        Ok(Lexicon { terms })
    }

    /// Reads a lexicon file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Lexicon, BuildError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Lexicon::parse_named(&text, &path.display().to_string())
    }

    /// Adds one term.
    pub fn add(&mut self, class: TermClass, term: impl Into<String>) -> &mut Lexicon {
        self.terms.push(Term {
            class,
            text: term.into(),
            fuzzy: false,
        });
        self
    }

    /// Adds every term of `other`.
    pub fn extend(&mut self, other: Lexicon) -> &mut Lexicon {
        self.terms.extend(other.terms);
        self
    }

    /// The terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// How many terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_sorted_dedup_and_valid() {
        for (name, text) in embedded_files() {
            let lines: Vec<&str> = text.lines().collect();
            for w in lines.windows(2) {
                assert!(
                    w[0] < w[1],
                    "{name}: not sorted/deduplicated at {:?} / {:?}",
                    w[0],
                    w[1]
                );
            }
            assert!(Lexicon::parse_named(text, name).is_ok(), "{name}");
        }
        assert!(TermClass::ALL.len() <= 32);
    }

    #[test]
    fn parse_errors() {
        let cases = [
            ("robux", 1, "expected"),
            ("# c\nnope\trobux", 2, "unknown class"),
            ("free\t ", 1, "empty"),
        ];
        for (text, line, msg) in cases {
            match Lexicon::parse(text) {
                Err(BuildError::Lexicon {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{text}");
                    assert!(message.contains(msg), "{text}: {message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        let ok = Lexicon::parse("~currency\tstarcoins\r\n\n").unwrap();
        assert!(ok.terms()[0].fuzzy);
    }

    #[test]
    fn class_names_round_trip() {
        for &c in TermClass::ALL {
            assert_eq!(TermClass::from_name(c.as_str()), Some(c));
        }
    }
}
