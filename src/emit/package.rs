//! `datapackage.json`: a Frictionless Data Package (v2) descriptor for the CSV files, with
//! a Table Schema per file (types, Japanese titles, keys, enums) and the package metadata.

use serde_json::{json, Value};

use super::rows::TABLES;
use super::EmitOptions;

/// Package metadata that the user may set.
#[derive(Debug, Clone)]
pub struct PackageMeta {
    pub name: String,
    pub title: String,
    pub publisher: Option<String>,
    pub license: String,
    /// `created`; when `None`, the newest meeting date is used so output stays reproducible.
    pub created: Option<String>,
}

impl Default for PackageMeta {
    fn default() -> Self {
        PackageMeta {
            name: "giji-minutes".into(),
            title: "会議録データ (Meeting minutes)".into(),
            publisher: None,
            license: "CC-BY-4.0".into(),
            created: None,
        }
    }
}

fn license(id: &str) -> Value {
    match id {
        "CC-BY-4.0" => {
            json!({"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"})
        }
        "CC0-1.0" => {
            json!({"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0"})
        }
        other => json!({"name": other}),
    }
}

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
            let dialect = json!({"header": true, "delimiter": ",", "lineTerminator": "\n"});
            json!({
                "name": t.name,
                "title": t.title,
                "path": format!("{}.csv", t.name),
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": if opts.bom { "utf-8-sig" } else { "utf-8" },
                "dialect": dialect,
                "schema": schema,
            })
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
        "licenses": [license(&opts.package.license)],
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
}
