//! Prints every link of the text on standard input and what is wrong with it.
//!
//! `echo 'see https://bit.ly/x' | cargo run -p baitwatch-links --example inspect`
use std::io::Read;

use baitwatch_links::{LinkAssessor, LinkFinder};

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let assessor = LinkAssessor::new();
    for link in LinkFinder::new().links(&text) {
        println!(
            "{:?} {:?} {:?} -> {} anchor={:?}",
            link.kind, link.span, link.written, link.url, link.anchor
        );
        for r in assessor.assess(&link) {
            println!("    {} {} {}", r.rule, r.weight, r.message);
        }
    }
    Ok(())
}
