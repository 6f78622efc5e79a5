//! `baitwatch`: scan npm, PyPI and NuGet packages for spam, phishing links
//! and typosquats.
#![forbid(unsafe_code)]

mod campaigns;
mod input;
mod output;
mod sarif;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use baitwatch::campaign::{CampaignFinder, Campaigns};
use baitwatch::{Config, Ecosystem, Package, Report, Scanner, Verdict};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use input::{Inputs, Item};
use output::{Format, Outcome, Writer};

/// Find spam, phishing-link and typosquat packages on npm, PyPI and NuGet.
#[derive(Parser, Debug)]
#[command(name = "baitwatch", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score packages: files of any supported format, directories, archives, `.jsonl` batches, or `-` for JSONL on standard input.
    Scan(ScanArgs),
    /// Group a batch into campaigns: packages sharing name templates, near-duplicate texts, links, authors or metadata shape.
    ///
    /// Reads the whole batch before grouping (memory grows with the batch:
    /// each package is kept until the end). Records that cannot be read
    /// become error records; every other record is still grouped. Exit
    /// status: 1 when a campaign is found, 2 on usage or I/O errors or when
    /// only unreadable records were found, 0 otherwise.
    Campaigns(CampaignsArgs),
}

#[derive(clap::Args, Debug)]
struct CampaignsArgs {
    /// Files, directories, archives or `-` (JSONL on standard input). Default: `-`.
    paths: Vec<PathBuf>,
    /// Output format: `text` (each campaign with its signals and a sample of members), `json` (one document), `jsonl` (error records, then one campaign a line).
    #[arg(long, value_enum, default_value_t = CampaignFormatArg::Text)]
    format: CampaignFormatArg,
    /// Smallest group reported as a campaign (at least 2).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..))]
    min_size: u32,
    /// Registry assumed for JSONL records that name none.
    #[arg(long, value_enum)]
    ecosystem: Option<EcosystemArg>,
    /// A JSON file with a baitwatch Config (its limits bound the reading).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CampaignFormatArg {
    Text,
    Json,
    Jsonl,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files, directories, archives or `-` (JSONL on standard input). Default: `-`.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Registry assumed for JSONL records that name none.
    #[arg(long, value_enum)]
    ecosystem: Option<EcosystemArg>,
    /// A JSON file with a baitwatch Config (weights, thresholds, limits).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Lowest verdict that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Suspicious)]
    fail_on: FailOn,
    /// Show a progress bar even when standard error is not a terminal (`never` to hide it).
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    progress: Progress,
    /// Group the whole batch into campaigns first and add each member's `campaign.*` findings to its report (scores rise).
    ///
    /// Output stays in input order, but nothing is written until every
    /// record is read, and memory then grows with the batch (every package
    /// is kept) instead of staying flat.
    #[arg(long)]
    campaigns: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EcosystemArg {
    Npm,
    Pypi,
    Nuget,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum FailOn {
    Suspicious,
    Malicious,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Progress {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Campaigns(args) => find(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("baitwatch: {message}");
            ExitCode::from(2)
        }
    }
}

impl EcosystemArg {
    fn ecosystem(self) -> Ecosystem {
        match self {
            EcosystemArg::Npm => Ecosystem::Npm,
            EcosystemArg::Pypi => Ecosystem::PyPI,
            EcosystemArg::Nuget => Ecosystem::NuGet,
        }
    }
}

/// The PATHs given, or `-` (standard input) when none is.
fn or_stdin(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    }
}

/// `baitwatch campaigns`.
fn find(args: CampaignsArgs) -> Result<u8, String> {
    let limits = load_config(args.config.as_ref())?.limits;
    let default_eco = args.ecosystem.map(EcosystemArg::ecosystem);
    let started = Instant::now();
    let items: Vec<Item> = Inputs::new(&or_stdin(&args.paths), limits.clone()).collect();
    let parsed: Vec<Parsed> = items
        .into_par_iter()
        .map(|item| parse_item(item, &limits, default_eco.as_ref()))
        .collect();
    let (packages, slots) = split_parsed(parsed);
    let min_size = usize::try_from(args.min_size).unwrap_or(usize::MAX);
    let campaigns = find_campaigns(&packages, min_size)?;
    let format = match args.format {
        CampaignFormatArg::Text => campaigns::CampaignFormat::Text,
        CampaignFormatArg::Json => campaigns::CampaignFormat::Json,
        CampaignFormatArg::Jsonl => campaigns::CampaignFormat::Jsonl,
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    campaigns::write(&mut out, format, &packages, &slots, &campaigns)
        .map_err(|e| format!("writing output: {e}"))?;
    let errors = slots
        .iter()
        .filter(|s| matches!(s, Slot::Failed { .. }))
        .count();
    let grouped: usize = campaigns.iter().map(|c| c.size).sum();
    eprintln!(
        "baitwatch: {} records in {:.2}s: {} campaigns of {min_size} or more holding {grouped} records, {errors} errors",
        packages.len(),
        started.elapsed().as_secs_f64(),
        campaigns.len(),
    );
    Ok(if !campaigns.is_empty() {
        1
    } else if errors > 0 {
        2
    } else {
        0
    })
}

fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: invalid config: {e}", path.display()))
}

/// Items are scored in parallel in chunks of this many, written in order.
const CHUNK: usize = 4096;

#[derive(Default)]
struct Tally {
    benign: u64,
    suspicious: u64,
    malicious: u64,
    errors: u64,
    io_errors: u64,
    skipped: u64,
}

fn scan(args: ScanArgs) -> Result<u8, String> {
    let config = load_config(args.config.as_ref())?;
    let limits = config.limits.clone();
    let scanner = Scanner::builder()
        .config(config)
        .build()
        .map_err(|e| e.to_string())?;
    let default_eco = args.ecosystem.map(EcosystemArg::ecosystem);
    let paths = or_stdin(&args.paths);
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
    };
    let stdout = io::stdout().lock();
    let mut writer = Writer::new(io::BufWriter::with_capacity(1 << 16, stdout), format);
    let show_progress = match args.progress {
        Progress::Always => true,
        Progress::Never => false,
        Progress::Auto => io::stderr().is_terminal(),
    };
    let bar = if show_progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {human_pos} records  {per_sec}  {elapsed}  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut inputs = Inputs::new(&paths, limits.clone());
    writer.begin().map_err(|e| format!("writing output: {e}"))?;
    if args.campaigns {
        // The whole batch is read first: campaigns need every record.
        let items: Vec<Item> = inputs.collect();
        let parsed: Vec<Parsed> = items
            .into_par_iter()
            .map(|item| parse_item(item, &limits, default_eco.as_ref()))
            .collect();
        let (packages, slots) = split_parsed(parsed);
        let campaigns = find_campaigns(&packages, 5)?;
        for chunk in slots.chunks(CHUNK) {
            let outcomes: Vec<Option<Outcome>> = chunk
                .par_iter()
                .map(|slot| match slot {
                    Slot::Package { index, origin } => {
                        let package = packages.get(*index)?;
                        let extra = campaigns.findings_for(*index);
                        Some(report(
                            scanner.scan_with_extra(package, extra),
                            origin.clone(),
                        ))
                    }
                    Slot::Failed { input, error, io } => Some(Outcome::Error {
                        input: input.clone(),
                        error: error.clone(),
                        io: *io,
                    }),
                    Slot::Skipped => None,
                })
                .collect();
            for outcome in outcomes {
                emit(&mut writer, &mut tally, &bar, outcome)?;
            }
        }
    } else {
        loop {
            let chunk: Vec<Item> = inputs.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let outcomes: Vec<Option<Outcome>> = chunk
                .into_par_iter()
                .map(|item| score_item(item, &scanner, &limits, default_eco.as_ref()))
                .collect();
            for outcome in outcomes {
                emit(&mut writer, &mut tally, &bar, outcome)?;
            }
        }
    }
    writer.end().map_err(|e| format!("writing output: {e}"))?;
    bar.finish_and_clear();
    let total = tally.benign + tally.suspicious + tally.malicious + tally.errors;
    let secs = started.elapsed().as_secs_f64();
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "baitwatch: {total} records in {secs:.2}s: {} malicious, {} suspicious, {} benign, {} errors{}",
        tally.malicious,
        tally.suspicious,
        tally.benign,
        tally.errors,
        if tally.skipped > 0 {
            format!(", {} unrecognised files skipped", tally.skipped)
        } else {
            String::new()
        }
    );
    let flagged = match args.fail_on {
        FailOn::Suspicious => tally.suspicious + tally.malicious,
        FailOn::Malicious => tally.malicious,
    };
    Ok(if flagged > 0 {
        1
    } else if tally.errors > 0 {
        2
    } else {
        0
    })
}

/// One input item, read: a package to score, or an outcome already known.
pub(crate) enum Parsed {
    /// A package and where it came from.
    Package {
        origin: String,
        package: Box<Package>,
    },
    /// Input that could not be read: where, why, and whether it was an I/O error.
    Failed {
        input: String,
        error: String,
        io: bool,
    },
    /// An unrecognised file met while walking a directory.
    Skipped,
}

fn failed(input: String, error: String, io: bool) -> Parsed {
    Parsed::Failed { input, error, io }
}

/// Reads one item into a [`Package`] (or the error record that replaces it).
pub(crate) fn parse_item(
    item: Item,
    limits: &baitwatch::Limits,
    default_eco: Option<&Ecosystem>,
) -> Parsed {
    match item {
        Item::Record { origin, bytes } => {
            match Package::from_json_with(&bytes, limits, default_eco) {
                Ok(package) => Parsed::Package {
                    origin,
                    package: Box::new(package),
                },
                Err(e) => failed(origin, e.to_string(), false),
            }
        }
        Item::Document {
            origin,
            hint,
            bytes,
            walked,
        } => match baitwatch::metadata::parse_document(&bytes, Some(&hint), limits) {
            Ok(package) => Parsed::Package {
                origin,
                package: Box::new(package),
            },
            Err(baitwatch::metadata::Error::UnknownFormat { .. }) if walked => Parsed::Skipped,
            Err(e) => failed(origin, e.to_string(), false),
        },
        Item::Error {
            origin,
            message,
            io,
        } => failed(origin, message, io),
    }
}

/// Scores one item; `None` for an unrecognised file met while walking a directory.
fn score_item(
    item: Item,
    scanner: &Scanner,
    limits: &baitwatch::Limits,
    default_eco: Option<&Ecosystem>,
) -> Option<Outcome> {
    match parse_item(item, limits, default_eco) {
        Parsed::Package { origin, package } => Some(report(scanner.scan(&package), origin)),
        Parsed::Failed { input, error, io } => Some(Outcome::Error { input, error, io }),
        Parsed::Skipped => None,
    }
}

/// Tallies one outcome and writes it.
fn emit<W: Write>(
    writer: &mut Writer<W>,
    tally: &mut Tally,
    bar: &indicatif::ProgressBar,
    outcome: Option<Outcome>,
) -> Result<(), String> {
    let Some(outcome) = outcome else {
        tally.skipped += 1;
        return Ok(());
    };
    match &outcome {
        Outcome::Report { report, .. } => match report.verdict {
            Verdict::Malicious => tally.malicious += 1,
            Verdict::Suspicious => tally.suspicious += 1,
            _ => tally.benign += 1,
        },
        Outcome::Error { io, .. } => {
            tally.errors += 1;
            if *io {
                tally.io_errors += 1;
            }
        }
    }
    writer
        .write(&outcome)
        .map_err(|e| format!("writing output: {e}"))?;
    bar.inc(1);
    Ok(())
}

/// Where each input item went once a whole batch was read: the
/// packages in one vector (the campaign finder's input order), the rest in
/// place.
pub(crate) enum Slot {
    /// Package `index` of the package vector.
    Package { index: usize, origin: String },
    /// Input that could not be read.
    Failed {
        input: String,
        error: String,
        io: bool,
    },
    /// An unrecognised file met while walking a directory.
    Skipped,
}

/// Splits parsed items into the packages and the input-order slots.
pub(crate) fn split_parsed(parsed: Vec<Parsed>) -> (Vec<Package>, Vec<Slot>) {
    let mut packages = Vec::new();
    let slots = parsed
        .into_iter()
        .map(|p| match p {
            Parsed::Package { origin, package } => {
                packages.push(*package);
                Slot::Package {
                    index: packages.len() - 1,
                    origin,
                }
            }
            Parsed::Failed { input, error, io } => Slot::Failed { input, error, io },
            Parsed::Skipped => Slot::Skipped,
        })
        .collect();
    (packages, slots)
}

/// Groups `packages` (in this order) into campaigns of at least `min_size`.
pub(crate) fn find_campaigns(packages: &[Package], min_size: usize) -> Result<Campaigns, String> {
    let mut finder = CampaignFinder::builder()
        .min_size(min_size)
        .build()
        .map_err(|e| e.to_string())?;
    finder.add_batch(packages);
    Ok(finder.finish())
}

fn report(report: Report, origin: String) -> Outcome {
    Outcome::Report { report, origin }
}
