//! Campaign grouping over a batch of up to 24 generated packages, many of
//! them variations of one template.
#![no_main]

use baitwatch_campaign::CampaignFinder;
use baitwatch_fuzz::{check_spans, package};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fn batch(u: &mut Unstructured<'_>) -> Result<Vec<baitwatch_metadata::Package>> {
    let n = u.int_in_range(0..=24)?;
    let mut out: Vec<baitwatch_metadata::Package> = Vec::with_capacity(n);
    for _ in 0..n {
        if !out.is_empty() && u.ratio(2, 3)? {
            // A sibling: an earlier package with a field or two changed.
            let i = u.choose_index(out.len())?;
            let mut p = out[i].clone();
            p.name.push_str(&baitwatch_fuzz::text(u, 2)?);
            if u.ratio(1, 2)? {
                p.summary = baitwatch_fuzz::text(u, 8)?;
            }
            out.push(p);
        } else {
            out.push(package(u)?);
        }
    }
    Ok(out)
}

fuzz_target!(|data: &[u8]| {
    let Ok(packages) = batch(&mut Unstructured::new(data)) else {
        return;
    };
    let mut finder = CampaignFinder::new();
    finder.add_batch(&packages);
    let campaigns = finder.finish();
    for (i, p) in packages.iter().enumerate() {
        check_spans(p, &campaigns.findings_for(i));
    }
    let _ = campaigns.findings_for(usize::MAX);
});
