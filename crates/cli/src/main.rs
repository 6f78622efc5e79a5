//! `baitwatch`: scan npm, PyPI and NuGet packages for spam, phishing links
//! and typosquats.
#![forbid(unsafe_code)]

mod input;
mod output;
mod sarif;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("baitwatch: {message}");
            ExitCode::from(2)
        }
    }
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
    let default_eco = args.ecosystem.map(|e| match e {
        EcosystemArg::Npm => Ecosystem::Npm,
        EcosystemArg::Pypi => Ecosystem::PyPI,
        EcosystemArg::Nuget => Ecosystem::NuGet,
    });
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
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
            let Some(outcome) = outcome else {
                tally.skipped += 1;
                continue;
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

/// Scores one item; `None` for an unrecognised file met while walking a directory.
fn score_item(
    item: Item,
    scanner: &Scanner,
    limits: &baitwatch::Limits,
    default_eco: Option<&Ecosystem>,
) -> Option<Outcome> {
    Some(match item {
        Item::Record { origin, bytes } => {
            match Package::from_json_with(&bytes, limits, default_eco) {
                Ok(pkg) => report(scanner.scan(&pkg), origin),
                Err(e) => error(origin, e.to_string(), false),
            }
        }
        Item::Document {
            origin,
            hint,
            bytes,
            walked,
        } => match baitwatch::metadata::parse_document(&bytes, Some(&hint), limits) {
            Ok(pkg) => report(scanner.scan(&pkg), origin),
            Err(baitwatch::metadata::Error::UnknownFormat { .. }) if walked => return None,
            Err(e) => error(origin, e.to_string(), false),
        },
        Item::Error {
            origin,
            message,
            io,
        } => error(origin, message, io),
    })
}

fn report(report: Report, origin: String) -> Outcome {
    Outcome::Report { report, origin }
}

fn error(origin: String, message: String, io: bool) -> Outcome {
    Outcome::Error {
        input: origin,
        error: message,
        io,
    }
}
