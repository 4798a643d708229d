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

/// Builds the descriptor. `sources` are the converted files' relative paths.
pub fn descriptor(opts: &EmitOptions, sources: &[String], newest_date: Option<&str>) -> Value {
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
        let d = descriptor(&opts, &["a.txt".into()], Some("2022-07-28"));
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
