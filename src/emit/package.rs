//! `datapackage.json`: a Frictionless Data Package (v2) descriptor for the CSV files, with
//! a Table Schema per file (types, Japanese titles, keys, enums) and the package metadata.

use serde_json::{json, Value};

use super::rows::TABLES;
use super::EmitOptions;

/// Package metadata that the user may set.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PackageMeta {
    pub name: String,
    pub title: String,
    pub publisher: Option<String>,
    pub license: License,
    /// `created`; when `None`, the newest meeting date is used so output stays reproducible.
    pub created: Option<String>,
}

impl Default for PackageMeta {
    fn default() -> Self {
        PackageMeta {
            name: "giji-minutes".into(),
            title: "会議録データ (Meeting minutes)".into(),
            publisher: None,
            license: License::parse("CC-BY-4.0").expect("CC-BY-4.0 is an SPDX identifier"),
            created: None,
        }
    }
}

/// The licence of the data, as the descriptor's `licenses` entry needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct License {
    pub name: String,
    pub path: Option<String>,
    pub title: Option<String>,
}

impl License {
    /// Reads `--license`: an SPDX identifier (`CC-BY-4.0`, `ODbL-1.0`), or
    /// `name=…,path=URL[,title=…]` for a licence SPDX does not list (a government's own
    /// terms of use). The result always makes a valid Data Package `licenses` entry.
    pub fn parse(text: &str) -> Result<License, String> {
        let text = text.trim();
        if !text.contains('=') {
            let id = spdx::license_id(text)
                .filter(|id| id.name == text)
                .ok_or_else(|| {
                    let hint = spdx::imprecise_license_id(text)
                        .map(|(id, _)| format!(" (did you mean {}?)", id.name))
                        .unwrap_or_default();
                    format!("--license `{text}`: not an SPDX licence identifier{hint}; give one such as CC-BY-4.0, CC0-1.0, ODbL-1.0, or name=…,path=URL,title=…")
                })?;
            // The two licences open data in Japan mostly uses link to their own deeds.
            let (path, title) = match id.name {
                "CC-BY-4.0" => (
                    "https://creativecommons.org/licenses/by/4.0/".to_string(),
                    "Creative Commons Attribution 4.0",
                ),
                "CC0-1.0" => (
                    "https://creativecommons.org/publicdomain/zero/1.0/".to_string(),
                    "CC0 1.0",
                ),
                other => (
                    format!("https://spdx.org/licenses/{other}.html"),
                    id.full_name,
                ),
            };
            return Ok(License {
                name: id.name.to_string(),
                path: Some(path),
                title: Some(title.to_string()),
            });
        }
        let (mut name, mut path, mut title) = (None, None, None);
        for part in text.split(',') {
            let (k, v) = part.split_once('=').ok_or_else(|| {
                format!("--license: `{part}` is not key=value (keys: name, path, title)")
            })?;
            let v = v.trim().to_string();
            match k.trim() {
                "name" => name = Some(v),
                "path" => path = Some(v),
                "title" => title = Some(v),
                other => {
                    return Err(format!(
                        "--license: unknown key `{other}` (keys: name, path, title)"
                    ))
                }
            }
        }
        // The Data Package profile's patterns: a name of letters, digits, `-._`, and a
        // path that is a URL.
        let name = name.ok_or("--license: name=… is required (letters, digits, -, ., _)")?;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        {
            return Err(format!(
                "--license: name `{name}` may hold only ASCII letters, digits, -, . and _"
            ));
        }
        if let Some(p) = &path {
            if !(p.starts_with("https://") || p.starts_with("http://")) || p.contains(' ') {
                return Err(format!(
                    "--license: path `{p}` is not a URL (http:// or https://)"
                ));
            }
        }
        Ok(License { name, path, title })
    }

    fn descriptor(&self) -> Value {
        let mut v = json!({"name": self.name});
        if let Some(p) = &self.path {
            v["path"] = json!(p);
        }
        if let Some(t) = &self.title {
            v["title"] = json!(t);
        }
        v
    }
}

/// Reads `--created`: an ISO 8601 date (`2024-04-01`) or date-time, given as the RFC 3339
/// date-time the descriptor's `created` must be (a date is midnight UTC, a date-time
/// without offset is UTC).
pub fn parse_created(text: &str) -> Result<String, String> {
    let t = text.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(t, f) {
            return Ok(d
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(format!("{d}T00:00:00Z"));
    }
    Err(format!(
        "--created `{text}`: not an ISO 8601 date or date-time (2024-04-01, 2024-04-01T09:30:00+09:00)"
    ))
}

/// What `--excel` changed, said in each resource: the cells are no longer the values.
pub const EXCEL_NOTE: &str = "Spreadsheet CSV (giji --excel): UTF-8 with BOM, CRLF line ends, and every cell that began with =, +, -, @, a tab or a CR is prefixed with ' so that no cell runs as a formula. Strip that one leading ' to get the value. / 表計算ソフト用CSV: 数式として実行されうるセル(=, +, -, @, タブ, CRで始まるもの)の先頭に ' を付けています。";

/// The converted files' relative paths, in one buffer: a batch of 100,000 files would
/// otherwise hold 100,000 small strings scattered among the pages its documents freed.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The paths, each followed by NUL (which no path holds).
    text: String,
}

impl Sources {
    pub fn push(&mut self, path: &str) {
        self.text.push_str(path);
        self.text.push('\0');
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        self.text.split_terminator('\0')
    }
}

impl<'a> FromIterator<&'a str> for Sources {
    fn from_iter<I: IntoIterator<Item = &'a str>>(paths: I) -> Self {
        let mut s = Sources::default();
        for p in paths {
            s.push(p);
        }
        s
    }
}

/// `sources` serialized as it is read, never built as a JSON value (one entry per file).
struct SourceList<'a>(&'a Sources);

impl serde::Serialize for SourceList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Source<'a> {
            title: &'a str,
            path: &'a str,
        }
        s.collect_seq(self.0.iter().map(|p| Source { title: p, path: p }))
    }
}

/// The descriptor with its `sources` streamed in place of the placeholder.
struct Streamed<'a> {
    descriptor: &'a serde_json::Map<String, Value>,
    sources: &'a Sources,
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.descriptor.len()))?;
        for (k, v) in self.descriptor {
            if k == "sources" {
                map.serialize_entry(k, &SourceList(self.sources))?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// Writes the descriptor as `serde_json::to_writer_pretty` writes [`descriptor`]'s value,
/// without holding the sources as JSON.
pub fn write_descriptor(
    w: &mut impl std::io::Write,
    opts: &EmitOptions,
    sources: &Sources,
    newest_date: Option<&str>,
) -> serde_json::Result<()> {
    let value = descriptor(opts, &Sources::default(), newest_date);
    let Value::Object(descriptor) = value else {
        unreachable!("a descriptor is an object")
    };
    serde_json::to_writer_pretty(
        w,
        &Streamed {
            descriptor: &descriptor,
            sources,
        },
    )
}

/// Builds the descriptor. `sources` are the converted files' relative paths.
pub fn descriptor(opts: &EmitOptions, sources: &Sources, newest_date: Option<&str>) -> Value {
    let ja = opts.header_ja;
    fn field_name(c: &super::rows::Column, ja: bool) -> &'static str {
        if ja {
            c.title
        } else {
            c.name
        }
    }
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|t| {
            let fields: Vec<Value> = t
                .columns
                .iter()
                .map(|c| {
                    let mut f = json!({
                        "name": field_name(c, ja),
                        "type": c.kind,
                        "title": c.title,
                        "description": c.description,
                    });
                    if ja {
                        f["description"] = json!(format!("{} (`{}`)", c.description, c.name));
                    }
                    if !c.enumeration.is_empty() {
                        f["constraints"] = json!({"enum": c.enumeration});
                    }
                    f
                })
                .collect();
            let name_of = |n: &str| t.columns.iter().find(|c| c.name == n).map_or(n, |c| field_name(c, ja)).to_string();
            let mut schema = json!({
                "fields": fields,
                "missingValues": [""],
            });
            if !t.primary_key.is_empty() {
                schema["primaryKey"] = json!(t.primary_key.iter().map(|k| name_of(k)).collect::<Vec<_>>());
            }
            if t.references_meeting {
                let mid = name_of("meeting_id");
                schema["foreignKeys"] = json!([{"fields": [mid.clone()], "reference": {"resource": "meetings", "fields": [mid]}}]);
            }
            let dialect = if opts.excel {
                json!({"header": true, "delimiter": ",", "lineTerminator": "\r\n"})
            } else {
                json!({"header": true, "delimiter": ",", "lineTerminator": "\n"})
            };
            let mut resource = json!({
                "name": t.name,
                "title": t.title,
                "path": format!("{}.csv", t.name),
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": if opts.bom || opts.excel { "utf-8-sig" } else { "utf-8" },
                "dialect": dialect,
                "schema": schema,
            });
            if opts.excel {
                resource["description"] = json!(EXCEL_NOTE);
            }
            resource
        })
        .collect();
    let created = opts
        .package
        .created
        .clone()
        .or_else(|| newest_date.map(|d| format!("{d}T00:00:00Z")));
    let mut pkg = json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": opts.package.name,
        "title": opts.package.title,
        "licenses": [opts.package.license.descriptor()],
        "sources": sources.iter().map(|s| json!({"title": s, "path": s})).collect::<Vec<_>>(),
        "resources": resources,
    });
    if let Some(c) = created {
        pkg["created"] = json!(c);
    }
    if let Some(p) = &opts.package.publisher {
        pkg["contributors"] = json!([{"title": p, "roles": ["publisher"]}]);
    }
    pkg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_header_renames_fields_and_keys_alike() {
        let opts = EmitOptions {
            header_ja: true,
            ..EmitOptions::default()
        };
        let sources: Sources = ["a.txt", "b/c.txt"].into_iter().collect();
        let d = descriptor(&opts, &sources, Some("2022-07-28"));
        let mut streamed = Vec::new();
        write_descriptor(&mut streamed, &opts, &sources, Some("2022-07-28")).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            serde_json::to_string_pretty(&d).unwrap(),
            "the streamed descriptor is the value's bytes"
        );
        let mut empty = Vec::new();
        write_descriptor(&mut empty, &opts, &Sources::default(), None).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            serde_json::to_string_pretty(&descriptor(&opts, &Sources::default(), None)).unwrap()
        );
        let attendees = &d["resources"][1];
        assert_eq!(attendees["schema"]["fields"][0]["name"], "会議ID");
        assert_eq!(
            attendees["schema"]["primaryKey"],
            serde_json::json!(["会議ID", "連番"])
        );
        assert_eq!(
            attendees["schema"]["foreignKeys"][0]["reference"]["fields"],
            serde_json::json!(["会議ID"])
        );
        assert_eq!(d["created"], "2022-07-28T00:00:00Z");
        assert_eq!(d["licenses"][0]["name"], "CC-BY-4.0");
    }

    #[test]
    fn licences_are_spdx_ids_or_name_and_url() {
        let l = License::parse("ODbL-1.0").unwrap();
        assert_eq!(
            l.path.as_deref(),
            Some("https://spdx.org/licenses/ODbL-1.0.html")
        );
        assert!(License::parse("cc-by").unwrap_err().contains("not an SPDX"));
        let own = License::parse("name=PDL-1.0,path=https://www.digital.go.jp/resources/open_data/public_data_license_v1.0,title=公共データ利用規約").unwrap();
        assert_eq!(own.name, "PDL-1.0");
        assert!(License::parse("name=公共データ")
            .unwrap_err()
            .contains("ASCII"));
        assert!(License::parse("name=x,path=not a url")
            .unwrap_err()
            .contains("URL"));
        assert!(License::parse("name=x,colour=red")
            .unwrap_err()
            .contains("unknown key"));
    }

    #[test]
    fn created_is_an_iso_date_or_date_time() {
        assert_eq!(parse_created("2024-04-01").unwrap(), "2024-04-01T00:00:00Z");
        assert_eq!(
            parse_created("2024-04-01T09:30:00+09:00").unwrap(),
            "2024-04-01T09:30:00+09:00"
        );
        assert_eq!(
            parse_created("2024-04-01T09:30").unwrap(),
            "2024-04-01T09:30:00Z"
        );
        assert!(parse_created("yesterday").unwrap_err().contains("ISO 8601"));
        assert!(parse_created("2024-02-30").is_err());
    }
}
