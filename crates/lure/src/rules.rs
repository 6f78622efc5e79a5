//! Scoring by co-occurrence: which classes of terms appear together.

use crate::TermClass;
use crate::matcher::Hit;

use TermClass as C;

/// One rule that fired on a set of hits.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fired {
    pub rule: &'static str,
    pub weight: f64,
    /// Classes whose hits are the evidence.
    pub classes: u32,
    pub message: &'static str,
}

/// What a set of hits holds.
pub(crate) struct Ctx {
    /// Distinct terms per class.
    count: [u8; 32],
    /// Weak campaign words and years count (names only).
    weak: bool,
    /// The hits come from a package name alone.
    name: bool,
    /// The hits come from a window of prose (a description or a long
    /// summary), where honest texts name a brand beside sign-in and lure
    /// words ("free and open source").
    prose: bool,
}

impl Ctx {
    /// `name_hits` tells, per hit, whether it came from a package name
    /// (only there do weak campaign words count); `year` whether the
    /// name carries a year.
    pub(crate) fn new<'a>(
        hits: impl Iterator<Item = (&'a Hit, bool)>,
        year: bool,
        name: bool,
    ) -> Ctx {
        let mut seen: Vec<(u32, u32)> = Vec::new();
        let mut count = [0u8; 32];
        let mut weak = year;
        for (h, in_name) in hits {
            for &c in TermClass::ALL {
                if h.mask & c.bit() == 0 {
                    continue;
                }
                if c == C::Promo && !in_name {
                    continue;
                }
                if seen.contains(&(c as u32, h.term)) {
                    continue;
                }
                if seen.len() < 256 {
                    seen.push((c as u32, h.term));
                }
                if let Some(n) = count.get_mut(c as usize) {
                    *n = n.saturating_add(1);
                }
                if c == C::Promo {
                    weak = true;
                }
            }
        }
        Ctx {
            count,
            weak,
            name,
            prose: false,
        }
    }

    /// The same context, read as a window of prose.
    pub(crate) fn in_prose(mut self) -> Ctx {
        self.prose = true;
        self
    }

    fn n(&self, c: TermClass) -> u8 {
        self.count.get(c as usize).copied().unwrap_or(0)
    }

    fn has(&self, c: TermClass) -> bool {
        self.n(c) > 0
    }

    /// Free, generator, unlimited, campaign phrase or hack.
    fn strong_mods(&self) -> u8 {
        [C::Free, C::Generator, C::Unlimited, C::Campaign, C::Hack]
            .iter()
            .filter(|&&c| self.has(c))
            .count() as u8
    }
}

fn bits(cs: &[TermClass]) -> u32 {
    cs.iter().fold(0, |m, c| m | c.bit())
}

const MODS: &[TermClass] = &[
    C::Free,
    C::Generator,
    C::Unlimited,
    C::Campaign,
    C::Hack,
    C::Promo,
];

/// Evaluates every rule on `ctx`.
pub(crate) fn evaluate(ctx: &Ctx) -> Vec<Fired> {
    let mut out = Vec::new();
    let mut fire = |rule, weight, classes: &[TermClass], message| {
        if weight > 0.0 {
            out.push(Fired {
                rule,
                weight,
                classes: bits(classes) | bits(MODS),
                message,
            });
        }
    };
    let strong = ctx.strong_mods();
    let weak = ctx.weak;

    // Game currency and items.
    let currency = ctx.has(C::Currency);
    let item_game = (ctx.has(C::Item) || ctx.has(C::Account)) && ctx.has(C::Game);
    let lure_mod = ctx.has(C::Free)
        || ctx.has(C::Unlimited)
        || ctx.has(C::Campaign)
        || ctx.has(C::Hack)
        || (ctx.has(C::Generator) && weak);
    let w = if (currency && strong > 0) || (item_game && lure_mod) {
        80.0
    } else if ctx.has(C::Item) && ctx.has(C::Free) && (ctx.has(C::Generator) || ctx.has(C::Hack)) {
        70.0
    } else if currency && weak {
        50.0
    } else if item_game && weak {
        45.0
    } else if currency || (item_game && ctx.has(C::Generator)) {
        // A name is made to be found; prose about a game may name its
        // currency (a Roblox library that prices items in Robux).
        if ctx.name { 35.0 } else { 20.0 }
    } else {
        0.0
    };
    fire(
        "lure.game-currency",
        w,
        &[C::Currency, C::Item, C::Game],
        "offers free or generated game currency or items",
    );

    // Social boosts.
    let w = if ctx.has(C::Boost) && ctx.has(C::Platform) {
        if strong > 0 {
            75.0
        } else if ctx.n(C::Boost) >= 2 && ctx.name {
            70.0
        } else if weak {
            40.0
        } else {
            0.0
        }
    } else if ctx.has(C::Boost)
        && ctx.has(C::Free)
        && (ctx.has(C::Generator) || ctx.has(C::Unlimited))
    {
        60.0
    } else {
        0.0
    };
    fire(
        "lure.social-boost",
        w,
        &[C::Boost, C::Platform],
        "offers free followers, likes or views",
    );

    // Gift cards and money.
    let money = ctx.has(C::PayApp) && ctx.has(C::Money);
    let w = if (ctx.has(C::GiftCard) || money) && strong > 0 {
        75.0
    } else if ctx.has(C::GiftCard) && weak {
        45.0
    } else if money && weak {
        40.0
    } else if ctx.has(C::GiftCard) {
        20.0
    } else {
        0.0
    };
    fire(
        "lure.gift-card",
        w,
        &[C::GiftCard, C::PayApp, C::Money],
        "offers free gift cards, codes or money",
    );

    // Cracks and keys.
    let w = if ctx.has(C::Crack) || ctx.n(C::CrackWord) >= 2 {
        70.0
    } else if ctx.has(C::CrackWord) && ctx.has(C::Free) && weak {
        50.0
    } else if ctx.has(C::CrackWord) && weak {
        35.0
    } else {
        0.0
    };
    fire(
        "lure.crack",
        w,
        &[C::Crack, C::CrackWord],
        "offers cracked software, keys or modded apps",
    );

    // Account hacking.
    let w = if ctx.has(C::Hack) && ctx.has(C::Account) && ctx.has(C::Platform) {
        75.0
    } else if ctx.has(C::Hack)
        && (ctx.has(C::PayApp)
            || (ctx.has(C::Platform)
                && (ctx.has(C::Free)
                    || ctx.has(C::Generator)
                    || ctx.has(C::Unlimited)
                    || ctx.has(C::Campaign))))
    {
        70.0
    } else if ctx.has(C::Hack) && ctx.has(C::Platform) {
        35.0
    } else {
        0.0
    };
    fire(
        "lure.account-hacking",
        w,
        &[C::Hack, C::Account, C::Platform, C::PayApp],
        "offers to hack accounts or passwords",
    );

    // Game cheats.
    let w = if ctx.has(C::Hack) && ctx.has(C::Game) {
        if strong > 1 || weak || ctx.has(C::Item) || ctx.has(C::Currency) {
            75.0
        } else {
            70.0
        }
    } else {
        0.0
    };
    fire(
        "lure.game-cheat",
        w,
        &[C::Hack, C::Game],
        "offers game hacks or cheats",
    );

    // Piracy and streaming SEO.
    let piracy = ctx.n(C::Piracy) as u32;
    let media = ctx.n(C::Media) as u32;
    let points = 2 * piracy + media + u32::from(ctx.has(C::Free)) + u32::from(weak);
    let anchored = piracy > 0 || media >= 3;
    // Names are short: the same words weigh more there.
    let points = points + u32::from(ctx.name);
    let w = if !anchored {
        0.0
    } else if points >= 5 {
        75.0
    } else if points >= 4 {
        50.0
    } else if points >= 3 {
        30.0
    } else if piracy > 0 {
        25.0
    } else {
        0.0
    };
    fire(
        "lure.piracy",
        w,
        &[C::Piracy, C::Media],
        "offers pirated films, streams or books",
    );

    // Gambling.
    let w = if ctx.n(C::Gambling) >= 2 || (ctx.has(C::Gambling) && ctx.has(C::Betting)) {
        75.0
    } else if ctx.has(C::Gambling) {
        45.0
    } else {
        0.0
    };
    fire(
        "lure.gambling",
        w,
        &[C::Gambling, C::Betting],
        "advertises online gambling",
    );

    // Crypto giveaways.
    let w = if ctx.has(C::Crypto) && ctx.has(C::Giveaway) {
        75.0
    } else if ctx.has(C::Crypto)
        && (ctx.has(C::Free) || ctx.has(C::Generator))
        && (ctx.has(C::Unlimited)
            || ctx.has(C::Campaign)
            || ctx.has(C::Hack)
            || (ctx.name && (weak || strong >= 2)))
    {
        70.0
    } else if ctx.has(C::Crypto) && ctx.has(C::Free) {
        30.0
    } else {
        0.0
    };
    fire(
        "lure.crypto-giveaway",
        w,
        &[C::Crypto, C::Giveaway],
        "offers free or generated crypto currency",
    );

    // Campaign phrases.
    let w = if ctx.has(C::Campaign) { 70.0 } else { 0.0 };
    fire(
        "lure.campaign-phrase",
        w,
        &[C::Campaign],
        "uses a spam campaign phrase such as \"no human verification\"",
    );

    // Sign-in phishing: the search-bait pages of wallet and exchange
    // logins (`coinbase-pro-login`, "MetaMask Login | Sign In"). Honest
    // SDKs name the brand and sign-in words, even twice ("log in with
    // MetaMask: a sign-in component"); the bait puts both in a name, adds
    // a lure word in a summary, or adds a support line anywhere.
    let w = if ctx.has(C::Brand) && ctx.has(C::Login) {
        let bait = ctx.name || (!ctx.prose && strong > 0);
        if bait || ctx.has(C::Support) || ctx.has(C::Phone) {
            70.0
        } else {
            20.0
        }
    } else {
        0.0
    };
    fire(
        "lure.login-phishing",
        w,
        &[C::Brand, C::Login],
        "baits a wallet or exchange sign-in, as phishing pages do",
    );

    // Support-line scams: a number to call for a brand's "customer
    // service". A number alone is a phone library's example; a support
    // word alone is an honest help desk.
    let w = if ctx.has(C::Phone) && ctx.has(C::Support) {
        70.0
    } else {
        0.0
    };
    fire(
        "lure.support-scam",
        w,
        &[C::Phone, C::Support],
        "advertises a customer-support phone number, the bait of support-line scams",
    );

    // Generic lure combination.
    let w = if strong >= 3 && ctx.name {
        60.0
    } else if strong >= 3 || (strong >= 2 && weak) {
        35.0
    } else {
        0.0
    };
    fire(
        "lure.generic-combo",
        w,
        &[],
        "combines several lure words (free, generator, unlimited, hack)",
    );
    out
}

/// Whether a class is a topic (what is offered) rather than a modifier.
pub(crate) fn is_topic(mask: u32) -> bool {
    mask & bits(&[
        C::Currency,
        C::Item,
        C::Game,
        C::Boost,
        C::GiftCard,
        C::PayApp,
        C::Crack,
        C::CrackWord,
        C::Hack,
        C::Piracy,
        C::Gambling,
        C::Crypto,
        C::Campaign,
        C::Support,
        C::Phone,
        C::Brand,
    ]) != 0
}
