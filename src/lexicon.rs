//! The person-name lexicon: the family names of IPADIC (src/rules/surnames.txt, made by
//! scripts/make-surnames.sh from Debian's mecab-ipadic; licence in surnames.LICENSE),
//! built into the binary as data. It is evidence where the layout is not: a bare
//! `○田中太郎` is a speaker's turn because 田中 is a family name, while `○議事概要` is
//! not one. Loaded on first use (12,133 names, about 0.3 ms), so a run that never asks
//! pays nothing.

use std::sync::OnceLock;

const SURNAMES: &str = include_str!("rules/surnames.txt");

fn surnames() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| SURNAMES.lines().filter(|l| !l.is_empty()).collect())
}

/// Whether `word` is a family name of the lexicon, exactly (`浅野`, `北野`).
pub fn is_surname(word: &str) -> bool {
    surnames().contains(word)
}

/// Whether `name` (white space ignored) is a family name followed by a given name: some
/// prefix of it is in the list, and at least one char follows that prefix.
pub fn is_full_name(name: &str) -> bool {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let set = surnames();
    (1..chars.len()).any(|n| {
        let prefix: String = chars[..n].iter().collect();
        set.contains(prefix.as_str())
    })
}

/// Whether `text` (white space ignored) begins with a family name and goes on: a person,
/// maybe with a post glued after (`平田郁美教育長`).
pub fn starts_with_full_name(text: &str) -> bool {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(5)
        .collect();
    let set = surnames();
    (1..chars.len().min(4) + 1)
        .any(|n| n < chars.len() && set.contains(chars[..n].iter().collect::<String>().as_str()))
}

/// The family names of two or more characters that begin `text`, longest first
/// (`樋口政策評価審議官` → `樋口`). One-character names (`市`, `副`) begin too many words
/// that are not names to count here.
pub fn leading_surnames(text: &str) -> Vec<&str> {
    let set = surnames();
    let mut ends: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .take(3)
        .collect();
    if text.chars().count() <= 4 {
        ends.push(text.len());
    }
    ends.sort_unstable();
    ends.dedup();
    ends.into_iter()
        .rev()
        .map(|e| &text[..e])
        .filter(|p| set.contains(p))
        .collect()
}

/// A family name (of the lexicon, two characters or more) glued before a post: what
/// follows the name ends with one of the table's `position_suffixes` and is two
/// characters or more; a label that is itself a role (`副町長`, `教育長`) is not split.
pub fn glued_name(label: &str, rules: &crate::rules::RuleSet) -> Option<(String, String)> {
    let w = &rules.words;
    if w.speaker_roles.iter().chain(&w.roles).any(|r| r == label) {
        return None;
    }
    leading_surnames(label).into_iter().find_map(|name| {
        let post = &label[name.len()..];
        (post.chars().count() >= 2
            && w.position_suffixes
                .iter()
                .any(|p| post.ends_with(p.as_str())))
        .then(|| (name.to_string(), post.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_that_begin_a_label() {
        assert_eq!(leading_surnames("樋口政策評価審議官"), vec!["樋口"]);
        assert!(leading_surnames("副町長").is_empty());
    }

    #[test]
    fn family_name_then_given_name() {
        assert!(is_full_name("田中太郎"));
        assert!(is_full_name("五十嵐 隆朗"));
        assert!(!is_full_name("田中"), "a family name alone is no full name");
        for word in [
            "議事概要",
            "出席者",
            "開会",
            "閉会",
            "事務局",
            "議題",
            "資料",
        ] {
            assert!(!is_full_name(word), "{word}");
        }
    }
}
