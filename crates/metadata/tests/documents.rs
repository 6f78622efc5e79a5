//! Every document form read from a real or schema-faithful fixture, with
//! the extracted fields checked.

use baitwatch_metadata::{
    DocumentKind, Ecosystem, Limits, Package, archive, detect_format, npm, nuget, parse_document,
    pypi,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn limits() -> Limits {
    Limits::default()
}

/// Each fixture, the kind `detect_format` must give it, and what
/// `parse_document` must read from it.
#[test]
fn every_fixture_is_detected_and_parsed() {
    let table: &[(&str, DocumentKind, Ecosystem, &str, &str)] = &[
        (
            "widget.package.json",
            DocumentKind::PackageJson,
            Ecosystem::Npm,
            "@example/widget",
            "1.1.0",
        ),
        (
            "left-pad.packument.full.json",
            DocumentKind::NpmPackument,
            Ecosystem::Npm,
            "left-pad",
            "1.3.0",
        ),
        (
            "is-number.packument.full.json",
            DocumentKind::NpmPackument,
            Ecosystem::Npm,
            "is-number",
            "7.0.0",
        ),
        (
            "full.packument.json",
            DocumentKind::NpmPackument,
            Ecosystem::Npm,
            "@example/widget",
            "1.1.0",
        ),
        (
            "abbreviated.packument.json",
            DocumentKind::NpmPackument,
            Ecosystem::Npm,
            "@example/widget",
            "1.1.0",
        ),
        (
            "chalk.npm-view.json",
            DocumentKind::NpmPackument,
            Ecosystem::Npm,
            "chalk",
            "6.0.1",
        ),
        (
            "six.pypi.json",
            DocumentKind::PypiJson,
            Ecosystem::PyPI,
            "six",
            "1.17.0",
        ),
        (
            "requests.pypi.json",
            DocumentKind::PypiJson,
            Ecosystem::PyPI,
            "requests",
            "2.34.2",
        ),
        (
            "six.METADATA",
            DocumentKind::CoreMetadata,
            Ecosystem::PyPI,
            "six",
            "1.17.0",
        ),
        (
            "idna.METADATA",
            DocumentKind::CoreMetadata,
            Ecosystem::PyPI,
            "idna",
            "3.20",
        ),
        (
            "legacy-1.0.PKG-INFO",
            DocumentKind::CoreMetadata,
            Ecosystem::PyPI,
            "tinyutil",
            "0.3.1",
        ),
        (
            "setuptools-1.2.PKG-INFO",
            DocumentKind::CoreMetadata,
            Ecosystem::PyPI,
            "pipe-form",
            "2.0.0",
        ),
        (
            "modern-2.4.METADATA",
            DocumentKind::CoreMetadata,
            Ecosystem::PyPI,
            "Modern_Pkg.Example",
            "1.4.0rc1",
        ),
        (
            "Newtonsoft.Json.nuspec",
            DocumentKind::Nuspec,
            Ecosystem::NuGet,
            "Newtonsoft.Json",
            "13.0.3",
        ),
        (
            "legacy-2010.nuspec",
            DocumentKind::Nuspec,
            Ecosystem::NuGet,
            "Contoso.Legacy.Utilities",
            "1.0.0-beta2",
        ),
        (
            "prefixed-2012.nuspec",
            DocumentKind::Nuspec,
            Ecosystem::NuGet,
            "Fabrikam.Prefixed",
            "2.1.0",
        ),
        (
            "Newtonsoft.Json.catalog.json",
            DocumentKind::NugetRegistration,
            Ecosystem::NuGet,
            "Newtonsoft.Json",
            "13.0.3",
        ),
        (
            "Newtonsoft.Json.registration-leaf.json",
            DocumentKind::NugetRegistration,
            Ecosystem::NuGet,
            "newtonsoft.json",
            "13.0.3",
        ),
        (
            "Contoso.Sample.registration-index.json",
            DocumentKind::NugetRegistration,
            Ecosystem::NuGet,
            "Contoso.Sample",
            "1.10.0",
        ),
        (
            "left-pad-1.3.0.tgz",
            DocumentKind::NpmTarball,
            Ecosystem::Npm,
            "left-pad",
            "1.3.0",
        ),
        (
            "is-number-7.0.0.tgz",
            DocumentKind::NpmTarball,
            Ecosystem::Npm,
            "is-number",
            "7.0.0",
        ),
        (
            "tinyutil-0.3.1.tar.gz",
            DocumentKind::Sdist,
            Ecosystem::PyPI,
            "tinyutil",
            "0.3.1",
        ),
        (
            "pipe-form-2.0.0.zip",
            DocumentKind::Sdist,
            Ecosystem::PyPI,
            "pipe-form",
            "2.0.0",
        ),
        (
            "six-1.17.0-py2.py3-none-any.whl",
            DocumentKind::Wheel,
            Ecosystem::PyPI,
            "six",
            "1.17.0",
        ),
        (
            "Contoso.Demo.1.0.0.nupkg",
            DocumentKind::Nupkg,
            Ecosystem::NuGet,
            "Contoso.Demo",
            "1.0.0",
        ),
    ];
    for (file, kind, eco, name, version) in table {
        let bytes = fixture(file);
        assert_eq!(
            detect_format(&bytes, Some(file)),
            *kind,
            "{file}: detect with hint"
        );
        assert_eq!(
            detect_format(&bytes, None),
            *kind,
            "{file}: detect from content alone"
        );
        for hint in [Some(*file), None, Some("misleading.txt")] {
            let pkg =
                parse_document(&bytes, hint, &limits()).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(
                (&pkg.ecosystem, pkg.name.as_str(), pkg.version.as_str()),
                (eco, *name, *version),
                "{file}"
            );
        }
    }
}

#[test]
fn package_json_fields() {
    let p = npm::parse_package_json(&fixture("widget.package.json"), &limits()).unwrap();
    assert_eq!(p.summary, "Widgets for everyone");
    assert_eq!(p.keywords, ["widget", "ui"]);
    assert_eq!(
        (p.author.as_str(), p.author_email.as_str()),
        ("Jane Doe", "jane@example.com")
    );
    assert_eq!(p.maintainers, ["jane", "ops"]);
    assert_eq!(p.repository, "https://github.com/example/widget");
    assert_eq!(p.homepage, "https://github.com/example/widget#readme");
    assert_eq!(
        p.project_urls["bugs"],
        "https://github.com/example/widget/issues"
    );
    assert_eq!(p.license, "MIT");
    assert_eq!(
        p.install_scripts.keys().collect::<Vec<_>>(),
        ["install", "preinstall"]
    );
    assert!(p.published.is_empty() && p.versions_count.is_none());
}

#[test]
fn full_packument_fields() {
    let p = npm::parse_packument(&fixture("full.packument.json"), &limits()).unwrap();
    assert_eq!(p.version, "1.1.0");
    assert_eq!(p.summary, "Widgets for everyone");
    assert_eq!(p.description, "# widget\n\nWidgets for everyone.");
    assert_eq!(
        p.maintainers,
        ["jane", "ops"],
        "package-level maintainers win"
    );
    assert_eq!(p.published, "2024-03-15T12:00:00.000Z");
    assert_eq!(p.versions_count, Some(2));
    assert_eq!(p.keywords, ["widget", "ui"]);
    assert_eq!(
        (p.author.as_str(), p.author_email.as_str()),
        ("Jane Doe", "jane@example.com")
    );
    assert_eq!(p.project_urls["author"], "https://example.com/jane");
    assert_eq!(p.repository, "https://github.com/example/widget");
    assert_eq!(
        p.license, "MIT OR Apache-2.0",
        "legacy licenses array of the version"
    );
    assert_eq!(
        p.install_scripts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        [("postinstall", "node scripts/setup.js"), ("prepare", "tsc")]
    );
}

#[test]
fn abbreviated_and_captured_packuments() {
    let p = npm::parse_packument(&fixture("abbreviated.packument.json"), &limits()).unwrap();
    assert_eq!(p.version, "1.1.0", "dist-tags.latest, not the highest");
    assert_eq!(
        p.published, "2024-06-01T08:00:00.000Z",
        "falls back to `modified`"
    );
    assert_eq!(p.versions_count, Some(3));
    assert!(p.summary.is_empty());

    let p = npm::parse_packument(&fixture("left-pad.packument.full.json"), &limits()).unwrap();
    assert_eq!(p.summary, "String left pad");
    assert_eq!(p.license, "WTFPL");
    assert_eq!(p.repository, "https://github.com/stevemao/left-pad");
    assert!(p.versions_count.unwrap() >= 10);
    assert!(!p.published.is_empty());

    let p = npm::parse_packument(&fixture("chalk.npm-view.json"), &limits()).unwrap();
    assert_eq!(p.summary, "Terminal string styling done right");
    assert_eq!(p.repository, "https://github.com/chalk/chalk");
    assert!(p.keywords.contains(&"terminal".to_owned()));
    assert_eq!(p.versions_count, Some(45));
    assert!(p.published.starts_with("20"), "{}", p.published);
    assert!(p.install_scripts.is_empty());
}

#[test]
fn packument_without_latest_tag_takes_highest() {
    let doc = br#"{"name":"x","dist-tags":{"latest":"9.9.9"},"versions":{
        "1.2.0":{"version":"1.2.0"},"1.10.0":{"version":"1.10.0","description":"newest"},"1.10.0-rc.1":{}}}"#;
    let p = npm::parse_packument(doc, &limits()).unwrap();
    assert_eq!(
        (p.version.as_str(), p.summary.as_str()),
        ("1.10.0", "newest")
    );
}

#[test]
fn pypi_json_fields() {
    let p = pypi::parse_json_api(&fixture("requests.pypi.json"), &limits()).unwrap();
    assert_eq!(p.summary, "Python HTTP for Humans.");
    assert!(p.description.starts_with("# Requests"));
    assert_eq!(
        (p.author.as_str(), p.author_email.as_str()),
        ("Kenneth Reitz", "me@kennethreitz.org")
    );
    assert_eq!(p.repository, "https://github.com/psf/requests");
    assert_eq!(p.license, "Apache-2.0");
    assert_eq!(p.versions_count, Some(163));
    assert!(p.published.starts_with("20"));
    assert!(!p.maintainers.is_empty());

    let p = pypi::parse_json_api(&fixture("six.pypi.json"), &limits()).unwrap();
    assert_eq!(p.homepage, "https://github.com/benjaminp/six");
    assert_eq!(p.author, "Benjamin Peterson");
    assert_eq!(p.versions_count, Some(29));
}

#[test]
fn core_metadata_fields() {
    let p = pypi::parse_core_metadata(&fixture("six.METADATA"), &limits()).unwrap();
    assert_eq!(p.summary, "Python 2 and 3 compatibility utilities");
    assert_eq!(p.homepage, "https://github.com/benjaminp/six");
    assert_eq!(p.license, "MIT");
    assert!(
        p.description
            .starts_with(".. image:: https://img.shields.io/pypi/v/six.svg")
    );
    assert!(p.description.ends_with("be found there."));

    let p = pypi::parse_core_metadata(&fixture("idna.METADATA"), &limits()).unwrap();
    assert_eq!(p.license, "BSD-3-Clause");
    assert_eq!(
        (p.author.as_str(), p.author_email.as_str()),
        ("Kim Davies", "kim+pypi@gumleaf.org")
    );
    assert_eq!(p.repository, "https://github.com/kjd/idna");
    assert_eq!(
        p.project_urls["Changelog"],
        "https://github.com/kjd/idna/blob/master/HISTORY.md"
    );

    let p = pypi::parse_core_metadata(&fixture("legacy-1.0.PKG-INFO"), &limits()).unwrap();
    assert_eq!(
        p.description,
        "tinyutil\n========\n\nA tiny collection of helpers.\n\nUsage::\n\n    import tinyutil"
    );
    assert_eq!(p.keywords, ["tiny", "utility", "helpers"]);
    assert_eq!(p.homepage, "http://example.com/tinyutil/");
    assert_eq!(
        (p.author.as_str(), p.author_email.as_str()),
        ("Jane Doe", "jane@example.com")
    );

    let p = pypi::parse_core_metadata(&fixture("setuptools-1.2.PKG-INFO"), &limits()).unwrap();
    assert_eq!(
        p.description,
        "Pipe form\n=========\n\nLines keep their   inner spacing.\n\n    indented code"
    );
    assert_eq!(p.keywords, ["pipe", "form", "metadata"]);
    assert_eq!(p.maintainers, ["Alice", "Bob"]);
    assert_eq!(
        p.project_urls["Download"],
        "https://example.org/pipe-form/download"
    );

    let p = pypi::parse_core_metadata(&fixture("modern-2.4.METADATA"), &limits()).unwrap();
    assert_eq!(p.license, "MIT OR Apache-2.0");
    assert_eq!(p.homepage, "https://example.com/modern");
    assert_eq!(p.repository, "https://github.com/example/modern");
    assert_eq!(p.maintainers, ["Ops Team"]);
    assert_eq!(p.author_email, "jane@example.com, max@example.com");
    assert!(p.description.starts_with("# Modern\n\nA package"));
    assert!(p.description.ends_with("Name: not-a-header"));
    assert_eq!(p.normalized_name(), "modern-pkg-example");
}

#[test]
fn core_metadata_license_from_classifier_and_crlf() {
    let text = b"Metadata-Version: 1.1\r\nName: x\r\nClassifier: License :: OSI Approved :: MIT License\r\n\r\nbody\r\n";
    let p = pypi::parse_core_metadata(text, &limits()).unwrap();
    assert_eq!(p.license, "MIT License");
    assert_eq!(p.description, "body");
}

#[test]
fn nuspec_fields() {
    let p = nuget::parse_nuspec(&fixture("Newtonsoft.Json.nuspec"), &limits()).unwrap();
    assert_eq!(p.summary, "Json.NET", "title when there is no summary");
    assert_eq!(
        p.description,
        "Json.NET is a popular high-performance JSON framework for .NET"
    );
    assert_eq!(p.author, "James Newton-King");
    assert_eq!(p.maintainers, ["James Newton-King", "newtonsoft"]);
    assert_eq!(p.keywords, ["json"]);
    assert_eq!(p.homepage, "https://www.newtonsoft.com/json");
    assert_eq!(p.repository, "https://github.com/JamesNK/Newtonsoft.Json");
    assert_eq!(p.license, "MIT");
    assert_eq!(p.project_urls["license"], "https://licenses.nuget.org/MIT");

    let p = nuget::parse_nuspec(&fixture("legacy-2010.nuspec"), &limits()).unwrap();
    assert_eq!(p.summary, "Small helpers \u{2014} strings & dates.");
    assert_eq!(
        p.description,
        "Helpers for <legacy> Contoso apps.\nSecond line with &amp; kept literally inside CDATA.\n\nFixed date parsing."
    );
    assert_eq!(p.keywords, ["contoso", "utilities", "strings", "dates"]);
    assert_eq!(p.license, "http://example.com/contoso/license.txt");
    assert_eq!(p.maintainers, ["contoso"]);

    let p = nuget::parse_nuspec(&fixture("prefixed-2012.nuspec"), &limits()).unwrap();
    assert_eq!(p.repository, "https://example.com/fabrikam/prefixed.git");
    assert_eq!(p.description, "Namespace-prefixed nuspec.");
}

#[test]
fn nuspec_in_every_schema_namespace() {
    for ns in ["2010/07", "2011/08", "2012/06", "2013/01", "2013/05"] {
        let xml = format!(
            r#"<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/{ns}/nuspec.xsd"><metadata><id>A.B</id><version>1.0.0</version><authors>me</authors><description>d</description></metadata></package>"#
        );
        let p = nuget::parse_nuspec(xml.as_bytes(), &limits()).unwrap();
        assert_eq!(
            (p.name.as_str(), p.description.as_str()),
            ("A.B", "d"),
            "{ns}"
        );
    }
}

#[test]
fn registration_fields() {
    let p = nuget::parse_registration(&fixture("Newtonsoft.Json.catalog.json"), &limits()).unwrap();
    assert_eq!(p.summary, "Json.NET");
    assert_eq!(p.license, "MIT");
    assert_eq!(p.homepage, "https://www.newtonsoft.com/json");
    assert_eq!(p.published, "2023-03-08T07:42:54.647Z");
    assert_eq!(p.keywords, ["json"]);

    let p = nuget::parse_registration(
        &fixture("Contoso.Sample.registration-index.json"),
        &limits(),
    )
    .unwrap();
    assert_eq!(p.version, "1.10.0", "2.0.0 is unlisted; 1.10.0 > 1.0.0");
    assert_eq!(p.summary, "Contoso sample client");
    assert_eq!(p.author, "Contoso, Jane Doe");
    assert_eq!(p.keywords, ["contoso", "sample", "client"]);
    assert_eq!(p.license, "Apache-2.0");
    assert_eq!(p.versions_count, Some(3));
    assert_eq!(p.published, "2024-04-01T12:30:00+00:00");

    let p = nuget::parse_registration(
        &fixture("Newtonsoft.Json.registration-leaf.json"),
        &limits(),
    )
    .unwrap();
    assert_eq!(p.published, "2023-03-08T07:42:54.647+00:00");
}

#[test]
fn archives() {
    let p = archive::read_archive(&fixture("left-pad-1.3.0.tgz"), None, &limits()).unwrap();
    assert_eq!(p.summary, "String left pad");
    assert!(
        p.description.contains("left-pad"),
        "README used as description: {:?}",
        p.description
    );
    assert_eq!(p.maintainers, ["Cameron Westland"]);

    let p = archive::read_archive(&fixture("tinyutil-0.3.1.tar.gz"), None, &limits()).unwrap();
    assert_eq!(p.version, "0.3.1", "top-level PKG-INFO wins over egg-info");

    let p = archive::read_archive(&fixture("six-1.17.0-py2.py3-none-any.whl"), None, &limits())
        .unwrap();
    assert_eq!(p.summary, "Python 2 and 3 compatibility utilities");

    let p = archive::read_archive(&fixture("Contoso.Demo.1.0.0.nupkg"), None, &limits()).unwrap();
    assert_eq!(p.repository, "https://github.com/JamesNK/Newtonsoft.Json");

    let p = archive::read_archive(
        &fixture("pipe-form-2.0.0.zip"),
        Some("pipe-form-2.0.0.zip"),
        &limits(),
    )
    .unwrap();
    assert_eq!(p.maintainers, ["Alice", "Bob"]);
}

#[test]
fn jsonl_record_is_recognised() {
    let rec = br#"{"ecosystem":"pypi","name":"demo","summary":"s"}"#;
    assert_eq!(
        detect_format(rec, Some("demo.json")),
        DocumentKind::JsonlRecord
    );
    let p = parse_document(rec, None, &limits()).unwrap();
    assert_eq!(p, {
        let mut p = Package::new(Ecosystem::PyPI, "demo");
        p.summary = "s".into();
        p
    });
}

#[test]
fn long_descriptions_are_bounded() {
    let mut l = Limits::default();
    l.max_text_bytes = 5;
    let p = npm::parse_package_json(r#"{"name":"x","readme":"abcdé"}"#.as_bytes(), &l).unwrap();
    assert_eq!(p.description, "abcd");
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Package>();
    check::<DocumentKind>();
    check::<baitwatch_metadata::Error>();
}

/// The samples the README's scan command reads all parse.
#[test]
fn bundled_registry_samples_parse() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/registry");
    let Ok(read) = std::fs::read_dir(dir) else {
        println!("skipping: {dir} is absent");
        return;
    };
    let mut n = 0;
    for entry in read {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let pkg = parse_document(&bytes, Some(&name), &limits())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!pkg.name.is_empty(), "{name}");
        n += 1;
    }
    assert!(n >= 10, "only {n} samples");
}

#[test]
fn pypi_placeholders_and_classifier_licence() {
    let doc =
        br#"{"info":{"name":"old","version":"0.1","summary":"UNKNOWN","description":"UNKNOWN",
        "home_page":"UNKNOWN","license":"UNKNOWN","download_url":"UNKNOWN",
        "classifiers":["Programming Language :: Python","License :: OSI Approved :: BSD License"]},
        "releases":{"0.1":[{"upload_time":"2010-01-01T00:00:00"}]},"urls":[]}"#;
    let p = pypi::parse_json_api(doc, &limits()).unwrap();
    assert_eq!(p.summary, "");
    assert_eq!(p.description, "");
    assert_eq!(p.homepage, "");
    assert!(p.project_urls.is_empty());
    assert_eq!(p.license, "BSD License");
    assert_eq!(
        p.published, "2010-01-01T00:00:00",
        "from releases[version] when urls is empty"
    );
    // A package.json with an `info` object is still a package.json.
    let pj = br#"{"name":"x","info":{"a":1}}"#;
    assert_eq!(detect_format(pj, None), DocumentKind::PackageJson);
}

#[test]
fn utf16_nuspec() {
    let text = std::str::from_utf8(&fixture("legacy-2010.nuspec"))
        .unwrap()
        .replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
        );
    for le in [true, false] {
        let mut bytes = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        assert_eq!(detect_format(&bytes, None), DocumentKind::Nuspec);
        let p = parse_document(&bytes, None, &limits()).unwrap();
        assert_eq!(p.summary, "Small helpers \u{2014} strings & dates.");
    }
}

#[test]
fn npm_view_single_version_and_unpublished() {
    let view =
        br#"{"_id":"solo@1.0.0","name":"solo","dist-tags":{"latest":"1.0.0"},"versions":"1.0.0",
        "version":"1.0.0","description":"only one","time":{"1.0.0":"2024-01-01T00:00:00.000Z"}}"#;
    let p = npm::parse_packument(view, &limits()).unwrap();
    assert_eq!(
        (p.version.as_str(), p.versions_count, p.published.as_str()),
        ("1.0.0", Some(1), "2024-01-01T00:00:00.000Z")
    );
    let gone = br#"{"_id":"gone","name":"gone","time":{"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-02T00:00:00.000Z",
        "unpublished":{"time":"2020-01-02T00:00:00.000Z","versions":["1.0.0"]}}}"#;
    let p = parse_document(gone, None, &limits()).unwrap();
    assert_eq!(
        (p.name.as_str(), p.published.as_str()),
        ("gone", "2020-01-02T00:00:00.000Z")
    );
}
