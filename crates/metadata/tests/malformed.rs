//! Malformed and hostile input: every reader returns a typed error (or, for
//! lossy text, a package), never a panic, and honours its bounds.

use std::io::{Cursor, Write};

use baitwatch_metadata::{
    DocumentKind, Error, Limits, archive, detect_format, npm, nuget, parse_document, pypi,
};

fn limits() -> Limits {
    Limits::default()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

type Parser = fn(&[u8], &Limits) -> Result<baitwatch_metadata::Package, Error>;

/// (what, parser, input, a predicate the error must satisfy)
type Case = (&'static str, Parser, Vec<u8>, fn(&Error) -> bool);

/// (parser name, parser, input, a predicate on the error)
#[test]
fn bad_documents_are_typed_errors() {
    let missing = |e: &Error| matches!(e, Error::MissingField { .. });
    let invalid = |e: &Error| matches!(e, Error::InvalidField { .. });
    let json = |e: &Error| matches!(e, Error::Json { .. });
    let xml = |e: &Error| matches!(e, Error::Xml { .. });
    let too_large = |e: &Error| matches!(e, Error::TooLarge { .. });
    let deep = format!(
        "{{\"name\":\"x\",\"a\":{}1{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_xml = format!(
        "<package><metadata><id>x</id>{}{}</metadata></package>",
        "<a>".repeat(5000),
        "</a>".repeat(5000)
    );
    let cases: Vec<Case> = vec![
        (
            "package.json truncated",
            npm::parse_package_json,
            br#"{"name":"x","vers"#.to_vec(),
            json,
        ),
        (
            "package.json array",
            npm::parse_package_json,
            b"[1,2]".to_vec(),
            invalid,
        ),
        (
            "package.json name number",
            npm::parse_package_json,
            br#"{"name":5}"#.to_vec(),
            invalid,
        ),
        (
            "package.json version object",
            npm::parse_package_json,
            br#"{"name":"x","version":{}}"#.to_vec(),
            invalid,
        ),
        (
            "package.json no name",
            npm::parse_package_json,
            br#"{"version":"1.0.0"}"#.to_vec(),
            missing,
        ),
        (
            "package.json blank name",
            npm::parse_package_json,
            br#"{"name":"  "}"#.to_vec(),
            missing,
        ),
        (
            "package.json not utf-8",
            npm::parse_package_json,
            b"{\"name\":\"\xff\xfe\"}".to_vec(),
            json,
        ),
        (
            "package.json too deep",
            npm::parse_package_json,
            deep.clone().into_bytes(),
            too_large,
        ),
        (
            "package.json empty",
            npm::parse_package_json,
            Vec::new(),
            json,
        ),
        (
            "packument truncated",
            npm::parse_packument,
            br#"{"name":"x","versions":{"1.0.0":"#.to_vec(),
            json,
        ),
        (
            "packument versions number",
            npm::parse_packument,
            br#"{"name":"x","versions":5}"#.to_vec(),
            invalid,
        ),
        (
            "packument no name",
            npm::parse_packument,
            br#"{"versions":{"1.0.0":{}}}"#.to_vec(),
            missing,
        ),
        (
            "packument name bool",
            npm::parse_packument,
            br#"{"name":true,"versions":{}}"#.to_vec(),
            invalid,
        ),
        (
            "packument too deep",
            npm::parse_packument,
            deep.clone().into_bytes(),
            too_large,
        ),
        (
            "pypi json no info",
            pypi::parse_json_api,
            br#"{"releases":{}}"#.to_vec(),
            missing,
        ),
        (
            "pypi json info string",
            pypi::parse_json_api,
            br#"{"info":"x"}"#.to_vec(),
            invalid,
        ),
        (
            "pypi json no name",
            pypi::parse_json_api,
            br#"{"info":{"version":"1"}}"#.to_vec(),
            missing,
        ),
        (
            "pypi json version number",
            pypi::parse_json_api,
            br#"{"info":{"name":"x","version":1}}"#.to_vec(),
            invalid,
        ),
        (
            "pypi json truncated",
            pypi::parse_json_api,
            br#"{"info":{"name":"#.to_vec(),
            json,
        ),
        (
            "core metadata prose",
            pypi::parse_core_metadata,
            b"hello world\nthis is not metadata".to_vec(),
            invalid,
        ),
        (
            "core metadata empty",
            pypi::parse_core_metadata,
            Vec::new(),
            invalid,
        ),
        (
            "core metadata no name",
            pypi::parse_core_metadata,
            b"Metadata-Version: 2.1\nVersion: 1\n".to_vec(),
            missing,
        ),
        (
            "core metadata blank name",
            pypi::parse_core_metadata,
            b"Metadata-Version: 2.1\nName:   \n".to_vec(),
            missing,
        ),
        (
            "nuspec unclosed",
            nuget::parse_nuspec,
            b"<package><metadata><id>x</id>".to_vec(),
            |e| !e.to_string().is_empty(),
        ),
        (
            "nuspec mismatched",
            nuget::parse_nuspec,
            b"<package><metadata><id>x</version></metadata></package>".to_vec(),
            xml,
        ),
        (
            "nuspec wrong root",
            nuget::parse_nuspec,
            b"<project><id>x</id></project>".to_vec(),
            xml,
        ),
        (
            "nuspec no id",
            nuget::parse_nuspec,
            b"<package><metadata><version>1</version></metadata></package>".to_vec(),
            missing,
        ),
        (
            "nuspec undefined entity",
            nuget::parse_nuspec,
            b"<package><metadata><id>&lol;</id></metadata></package>".to_vec(),
            xml,
        ),
        (
            "nuspec bad char ref",
            nuget::parse_nuspec,
            b"<package><metadata><id>&#xFFFFFFFF;</id></metadata></package>".to_vec(),
            xml,
        ),
        (
            "nuspec not utf-8",
            nuget::parse_nuspec,
            b"<package><metadata><id>\xff\xfe</id></metadata></package>".to_vec(),
            xml,
        ),
        (
            "nuspec too deep",
            nuget::parse_nuspec,
            deep_xml.into_bytes(),
            too_large,
        ),
        (
            "nuspec text only",
            nuget::parse_nuspec,
            b"just text".to_vec(),
            xml,
        ),
        (
            "registration items object",
            nuget::parse_registration,
            br#"{"@id":"x","items":{}}"#.to_vec(),
            invalid,
        ),
        (
            "registration no entries",
            nuget::parse_registration,
            br#"{"@id":"x","items":[{"@id":"p","count":3}]}"#.to_vec(),
            missing,
        ),
        (
            "registration empty",
            nuget::parse_registration,
            b"{}".to_vec(),
            missing,
        ),
        (
            "catalog id number",
            nuget::parse_registration,
            br#"{"id":7,"version":"1"}"#.to_vec(),
            invalid,
        ),
        (
            "catalog truncated",
            nuget::parse_registration,
            br#"{"id":"x","#.to_vec(),
            json,
        ),
    ];
    for (what, parse, input, ok) in cases {
        match parse(&input, &limits()) {
            Ok(p) => panic!("{what}: parsed as {p:?}"),
            Err(e) => {
                assert!(ok(&e), "{what}: unexpected error {e:?}");
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[test]
fn entity_bombs_and_xxe_are_refused() {
    let billion_laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<package><metadata><id>Bomb</id><description>&lol9;</description></metadata></package>"#;
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<package><metadata><id>Xxe</id><description>&xxe;</description></metadata></package>"#;
    for doc in [&billion_laughs[..], &xxe[..]] {
        let e = nuget::parse_nuspec(doc, &limits()).unwrap_err();
        assert!(matches!(e, Error::Xml { .. }), "{e:?}");
        assert!(e.to_string().contains("DOCTYPE"), "{e}");
        assert_eq!(detect_format(doc, None), DocumentKind::Nuspec);
        assert!(parse_document(doc, None, &limits()).is_err());
    }
    // Without a DOCTYPE an entity reference is simply unknown: never expanded.
    let e = nuget::parse_nuspec(
        b"<package><metadata><id>X</id><description>&xxe;</description></metadata></package>",
        &limits(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Xml { .. }), "{e:?}");
}

#[test]
fn non_utf8_core_metadata_is_decoded_lossily() {
    let p = pypi::parse_core_metadata(
        b"Metadata-Version: 1.0\nName: caf\xe9\nSummary: \xff ok\n",
        &limits(),
    )
    .unwrap();
    assert_eq!(p.name, "caf\u{FFFD}");
    assert_eq!(p.summary, "\u{FFFD} ok");
}

#[test]
fn documents_over_the_size_bound_are_refused() {
    let mut l = Limits::default();
    l.max_document_bytes = 10;
    let doc = br#"{"name":"x","version":"1.0.0"}"#;
    for r in [
        npm::parse_package_json(doc, &l),
        npm::parse_packument(doc, &l),
        pypi::parse_json_api(doc, &l),
        pypi::parse_core_metadata(b"Name: xxxxxxxxxxxxxxxx", &l),
        nuget::parse_nuspec(b"<package><metadata/></package>", &l),
        nuget::parse_registration(doc, &l),
        parse_document(doc, None, &l),
        archive::read_archive(&fixture("left-pad-1.3.0.tgz"), None, &l),
    ] {
        assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
    }
}

#[test]
fn unknown_documents() {
    for (input, hint) in [
        (&b""[..], None),
        (b"   \n\t", None),
        (b"\x00\x01\x02binary", None),
        (b"[1,2,3]", None),
        (b"{\"foo\":1}", None),
        (b"hello", Some("README.md")),
    ] {
        let e = parse_document(input, hint, &limits()).unwrap_err();
        assert!(!e.to_string().is_empty(), "{input:?}");
    }
    // A file name alone does not make content parse, but names the error.
    let e = parse_document(b"{\"foo\":1}", Some("package.json"), &limits()).unwrap_err();
    assert_eq!(e.kind(), DocumentKind::PackageJson);
    assert!(
        matches!(e, Error::MissingField { field: "name", .. }),
        "{e:?}"
    );
}

/// Every prefix and many one-byte corruptions of every fixture: never a
/// panic (errors and partial packages are both fine).
#[test]
fn truncated_and_corrupted_fixtures_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let step = (bytes.len() / 60).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = parse_document(&bytes[..cut], Some(&name), &limits());
            let _ = detect_format(&bytes[..cut], None);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5a;
            let _ = parse_document(&flipped, None, &limits());
        }
    }
}

// ---- archives -------------------------------------------------------------

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, *data).unwrap();
    }
    tar.into_inner().unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, data) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const METADATA: &[u8] = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n";

#[test]
fn corrupt_gzip_and_zip() {
    let good = fixture("left-pad-1.3.0.tgz");
    let mut corrupt = good.clone();
    for b in corrupt.iter_mut().skip(20).take(200) {
        *b = !*b;
    }
    for (what, bytes) in [
        ("corrupt gzip", corrupt),
        ("truncated gzip", good[..good.len() / 2].to_vec()),
        ("gzip magic only", vec![0x1f, 0x8b]),
        ("zip magic only", b"PK\x03\x04garbage".to_vec()),
        ("not an archive", b"plain text".to_vec()),
        ("empty tar", gzip(&[0u8; 1024])),
        (
            "tar without metadata",
            gzip(&tar_of(&[("package/index.js", b"x")])),
        ),
        ("zip without metadata", zip_of(&[("readme.txt", b"x")])),
    ] {
        let e = archive::read_archive(&bytes, None, &limits()).unwrap_err();
        assert!(
            matches!(e, Error::Archive { .. } | Error::Json { .. }),
            "{what}: {e:?}"
        );
    }
}

#[test]
fn tar_member_claiming_a_huge_size() {
    let mut tar = Vec::new();
    let mut h = tar::Header::new_gnu();
    h.set_path("package/package.json").unwrap();
    h.set_size(1 << 40);
    h.set_mode(0o644);
    h.set_cksum();
    tar.extend_from_slice(h.as_bytes());
    tar.extend_from_slice(br#"{"name":"huge","version":"1.0.0"}"#);
    tar.resize(tar.len() + 4096, 0);
    let e = archive::read_archive(&gzip(&tar), Some("huge.tgz"), &limits()).unwrap_err();
    assert!(
        matches!(e, Error::Archive { .. } | Error::TooLarge { .. }),
        "{e:?}"
    );
}

#[test]
fn compression_bombs() {
    let zeros = vec![b' '; 4 << 20];
    // zip: a 4 MiB METADATA member compressing ~1000:1
    let mut json = b"Metadata-Version: 2.1\nName: bomb\n\n".to_vec();
    json.extend_from_slice(&zeros);
    let bomb = zip_of(&[("bomb-1.0.dist-info/METADATA", &json)]);
    let e = archive::read_archive(&bomb, Some("bomb-1.0-py3-none-any.whl"), &limits()).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                what: "compression ratio",
                ..
            }
        ),
        "{e:?}"
    );

    // gzip'd tar: the stream itself is metered, whatever the member is.
    let tgz = gzip(&tar_of(&[
        ("package/padding.bin", &zeros),
        ("package/package.json", br#"{"name":"x"}"#),
    ]));
    let e = archive::read_archive(&tgz, None, &limits()).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                what: "compression ratio",
                ..
            }
        ),
        "{e:?}"
    );

    // A lower total bound trips first when set.
    let mut l = Limits::default();
    l.max_uncompressed_bytes = 100_000;
    let e = archive::read_archive(&tgz, None, &l).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                what: "uncompressed bytes",
                ..
            }
        ),
        "{e:?}"
    );
    let e = archive::read_archive(&bomb, None, &l).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                what: "uncompressed bytes",
                ..
            }
        ),
        "{e:?}"
    );

    // And a member over the document bound is refused on its own.
    let mut l = Limits::default();
    l.max_document_bytes = 64;
    l.max_compression_ratio = u64::MAX;
    let big = zip_of(&[("demo-1.0.dist-info/METADATA", &json[..1000])]);
    let e = archive::read_archive(&big, None, &l).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLarge {
                what: "archive member bytes",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn too_many_entries() {
    let mut l = Limits::default();
    l.max_archive_entries = 10;
    let names: Vec<String> = (0..11).map(|i| format!("package/f{i}.js")).collect();
    let mut members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    members.push(("package/package.json", br#"{"name":"x"}"#));
    for bytes in [gzip(&tar_of(&members)), tar_of(&members), zip_of(&members)] {
        let e = archive::read_archive(&bytes, None, &l).unwrap_err();
        assert!(
            matches!(
                e,
                Error::TooLarge {
                    what: "archive entries",
                    ..
                }
            ),
            "{e:?}"
        );
    }
    // Within the bound the same archive reads.
    assert_eq!(
        archive::read_archive(&tar_of(&members), None, &limits())
            .unwrap()
            .name,
        "x"
    );
}

#[test]
fn traversal_names_are_ignored() {
    let hostile: &[(&str, &[u8])] = &[
        (
            "../../evil.nuspec",
            b"<package><metadata><id>Evil</id></metadata></package>",
        ),
        (
            "/abs.nuspec",
            b"<package><metadata><id>Evil</id></metadata></package>",
        ),
        (
            "..\\..\\win.nuspec",
            b"<package><metadata><id>Evil</id></metadata></package>",
        ),
        ("x/../../PKG-INFO", b"Name: evil\n"),
    ];
    let e = archive::read_archive(&zip_of(hostile), None, &limits()).unwrap_err();
    assert!(matches!(e, Error::Archive { .. }), "{e:?}");
    let mut with_good = hostile.to_vec();
    with_good.push(("demo-1.0.dist-info/METADATA", METADATA));
    let p = archive::read_archive(&zip_of(&with_good), None, &limits()).unwrap();
    assert_eq!(p.name, "demo");
    // Same for tar (the tar writer refuses `..`, so it is written by hand).
    let mut tar = Vec::new();
    for (name, data) in [
        ("../PKG-INFO", &b"Name: evil\n"[..]),
        ("demo-1.0/PKG-INFO", METADATA),
    ] {
        let mut h = tar::Header::new_ustar();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.extend_from_slice(h.as_bytes());
        tar.extend_from_slice(data);
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.resize(tar.len() + 1024, 0);
    assert_eq!(
        archive::read_archive(&tar, None, &limits()).unwrap().name,
        "demo"
    );
}

#[test]
fn sdist_versus_npm_is_decided_by_members() {
    // A Python sdist that also ships a package.json: PKG-INFO wins.
    let both = gzip(&tar_of(&[
        ("demo-1.0/package.json", br#"{"name":"js"}"#),
        ("demo-1.0/PKG-INFO", METADATA),
    ]));
    assert_eq!(
        archive::read_archive(&both, Some("demo-1.0.tar.gz"), &limits())
            .unwrap()
            .name,
        "demo"
    );
    // ... unless it is npm's own layout.
    let npm = gzip(&tar_of(&[
        ("package/package.json", br#"{"name":"js"}"#),
        ("package/PKG-INFO", METADATA),
    ]));
    assert_eq!(
        archive::read_archive(&npm, None, &limits()).unwrap().name,
        "js"
    );
    // A non-standard top folder still reads as npm when it is all there is.
    let other = gzip(&tar_of(&[
        ("node/package.json", br#"{"name":"js2"}"#),
        ("node/README", b"Readme text"),
    ]));
    let p = archive::read_archive(&other, None, &limits()).unwrap();
    assert_eq!(
        (p.name.as_str(), p.description.as_str()),
        ("js2", "Readme text")
    );
    // An egg-info PKG-INFO is the fallback.
    let egg = gzip(&tar_of(&[("demo-1.0/demo.egg-info/PKG-INFO", METADATA)]));
    assert_eq!(
        archive::read_archive(&egg, None, &limits()).unwrap().name,
        "demo"
    );
}

#[test]
fn bad_member_inside_a_good_archive() {
    let tgz = gzip(&tar_of(&[("package/package.json", b"{\"name\":")]));
    let e = archive::read_archive(&tgz, None, &limits()).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Json {
                kind: DocumentKind::PackageJson,
                ..
            }
        ),
        "{e:?}"
    );
    let nupkg = zip_of(&[("Bad.nuspec", b"<!DOCTYPE x><package/>")]);
    assert!(matches!(
        archive::read_archive(&nupkg, None, &limits()),
        Err(Error::Xml { .. })
    ));
}
