//! Writing reports as text, JSON or JSONL.

use std::io::{self, Write};

use baitwatch::Report;
use serde::Serialize;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
}

/// The result for one input record.
pub enum Outcome {
    /// A scored package.
    Report {
        /// The report.
        report: Report,
        /// Where it came from (`path` or `path:line`).
        origin: String,
    },
    /// Input that could not be read.
    Error {
        /// `path` or `path:line`.
        input: String,
        /// Why.
        error: String,
        /// An I/O error rather than a bad record.
        io: bool,
    },
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    input: &'a str,
    error: &'a str,
}

/// Streams outcomes in one format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    count: u64,
    sarif: crate::sarif::SarifWriter,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format) -> Writer<W> {
        Writer {
            out,
            format,
            count: 0,
            sarif: crate::sarif::SarifWriter::new(),
        }
    }

    pub fn begin(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Sarif => self.sarif.begin(&mut self.out),
            _ => Ok(()),
        }
    }

    pub fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        match self.format {
            Format::Sarif => match outcome {
                Outcome::Report { report, origin } => {
                    self.sarif.report(&mut self.out, report, origin)?;
                }
                Outcome::Error { input, error, .. } => self.sarif.error(input, error),
            },
            Format::Text => match outcome {
                Outcome::Report { report, origin } => {
                    write!(self.out, "{origin}: {report}")?;
                }
                Outcome::Error { input, error, .. } => {
                    writeln!(self.out, "{input}: error: {error}")?;
                }
            },
            Format::Json | Format::Jsonl => {
                if self.format == Format::Json {
                    self.out
                        .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                }
                match outcome {
                    Outcome::Report { report, .. } => serde_json::to_writer(&mut self.out, report)?,
                    Outcome::Error { input, error, .. } => {
                        serde_json::to_writer(&mut self.out, &ErrorRecord { input, error })?
                    }
                }
                if self.format == Format::Jsonl {
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.count += 1;
        Ok(())
    }

    pub fn end(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Sarif => self.sarif.end(&mut self.out)?,
            _ => {}
        }
        self.out.flush()
    }
}
